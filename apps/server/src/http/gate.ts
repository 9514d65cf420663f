import type { IncomingMessage } from 'node:http';
import { clip, PulseboardError } from '@pulseboard/core';
import type { Principal } from '@pulseboard/core/control/actor';
import type { Services } from '../app/services.js';
import { authPage, authPageCsp, wantsHtml } from './auth-pages.js';
import { serverFullPage } from './full-page.js';
import { remoteAddress } from './remote.js';

/** Who the request is (core's, beside Actor and Role). */
export type { Principal };

export interface Refusal {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export type GateResult = { ok: true; principal: Principal } | { ok: false; refusal: Refusal };

function jsonRefusal(err: PulseboardError, headers: Refusal['headers'] = {}): Refusal {
  return {
    status: err.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(err.toJSON()),
  };
}

/**
 * Every request and every upgrade passes here, in this order: address allowlist (403, before
 * any challenge), authentication (401 / 429), admission (503 when the user cap is reached).
 */
export async function passGate(
  services: Services,
  req: IncomingMessage,
  purpose: 'request' | 'connection' = 'request',
): Promise<GateResult> {
  const remote = remoteAddress(req.socket);
  if (!services.allowlist.allows(remote)) {
    const quiet = services.warnings.take(`refused:${remote}`);
    if (quiet)
      services.log.warn({ remote, url: clip(req.url), suppressed: quiet.suppressed }, 'address refused');
    return { ok: false, refusal: jsonRefusal(new PulseboardError('FORBIDDEN_ADDRESS')) };
  }
  const auth = await services.auth.authenticate({
    method: req.method ?? 'GET',
    uri: req.url ?? '/',
    authorization: req.headers.authorization,
    remote,
  });
  if (!auth.ok) {
    // A locked-out guesser keeps knocking: one line per address per window says so.
    const quiet =
      auth.reason === 'locked-out' ? services.warnings.take(`locked:${remote}`) : { suppressed: 0 };
    if (auth.reason !== 'missing' && auth.reason !== 'stale-nonce' && quiet) {
      services.log.warn(
        { remote, reason: auth.reason, user: clip(auth.attemptedUser, 64), suppressed: quiet.suppressed },
        'authentication failed',
      );
    }
    const code = auth.code === 'AUTH_LOCKED_OUT' ? 'AUTH_LOCKED_OUT' : 'AUTH_REQUIRED';
    if (wantsHtml(req)) {
      const kind =
        code === 'AUTH_LOCKED_OUT'
          ? 'locked'
          : auth.reason === 'missing' || auth.reason === 'stale-nonce'
            ? 'required'
            : 'failed';
      return {
        ok: false,
        refusal: {
          status: auth.status,
          headers: {
            ...auth.headers,
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Security-Policy': authPageCsp,
            'Cache-Control': 'no-store',
          },
          body: authPage(kind, Number(auth.headers['Retry-After'] ?? 0)),
        },
      };
    }
    return { ok: false, refusal: jsonRefusal(new PulseboardError(code), { ...auth.headers }) };
  }
  services.caps.authenticated(req.socket);
  if (auth.scheme === 'basic' && !services.options.tls) services.warnBasicOnce(auth.user.name);
  const blockedS = services.presence.blockedFor(auth.user.name);
  if (blockedS !== undefined) {
    const err = new PulseboardError('USER_DISCONNECTED', undefined, { retryAfterS: blockedS });
    return { ok: false, refusal: jsonRefusal(err, { 'Retry-After': String(blockedS) }) };
  }
  const admit = services.presence.admit(auth.user.name, remote);
  // A full board must not lock out its admin: plain requests (e.g. "disconnect that user")
  // pass; the admin's own live connections still count against the cap.
  const adminBypass =
    !admit.ok && admit.code === 'SERVER_FULL' && auth.user.role === 'admin' && purpose === 'request';
  if (!admit.ok && !adminBypass) {
    if (admit.code === 'FORBIDDEN_ADDRESS') {
      return { ok: false, refusal: jsonRefusal(new PulseboardError('FORBIDDEN_ADDRESS')) };
    }
    const retry = String(admit.retryAfterS);
    if (String(req.headers.accept ?? '').includes('text/html')) {
      return {
        ok: false,
        refusal: {
          status: 503,
          headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': retry },
          body: serverFullPage(admit.connectedUsers, admit.retryAfterS),
        },
      };
    }
    const err = new PulseboardError('SERVER_FULL', undefined, {
      connected: admit.connectedUsers,
      retryAfterS: admit.retryAfterS,
    });
    return { ok: false, refusal: jsonRefusal(err, { 'Retry-After': retry }) };
  }
  return { ok: true, principal: { name: auth.user.name, role: auth.user.role, remote } };
}
