import { PulseboardError } from '@pulseboard/core';
import type { Services } from '../app/services.js';
import { authPage, authPageCsp, wantsHtml } from '../http/auth-pages.js';
import type { Principal } from '../http/gate.js';
import type { Router } from '../http/router.js';

/**
 * "Switch user": `GET /signout?from=NAME`. Browsers keep HTTP credentials until a 401 tells them
 * those were refused, so while the request still carries NAME's credentials the answer is a fresh
 * challenge (the browser forgets them and asks again). Once it comes back as someone else, it goes
 * to the panel.
 */
export function signoutRoutes(router: Router<Principal>, s: Services): void {
  router.add('GET', '/signout', ({ req, res, url, session }) => {
    const from = url.searchParams.get('from');
    if (from !== null && from !== session.name) {
      res.writeHead(303, { Location: './', 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    const challenge = s.auth.challenge();
    const headers = challenge.ok ? {} : challenge.headers;
    if (wantsHtml(req)) {
      res.writeHead(401, {
        ...headers,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': authPageCsp,
        'Cache-Control': 'no-store',
      });
      res.end(authPage('signed-out'));
      return;
    }
    res.writeHead(401, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(new PulseboardError('AUTH_REQUIRED').toJSON()));
  });
}
