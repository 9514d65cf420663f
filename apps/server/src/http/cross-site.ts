import type { IncomingMessage } from 'node:http';
import { PulseboardError } from '@pulseboard/core';
import { originAllowed } from '../ws/origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for state-changing requests. A browser attaches the user's
 * HTTP credentials to a request another site makes, so (besides readJson's application/json,
 * which no cross-site form can send without a CORS preflight this server never grants)
 * when the browser says where the request comes from (`Sec-Fetch-Site`, `Origin`), it must
 *   be this very site. Clients that send neither (curl, scripts, the lab) are not browsers: no
 *   one else's page can make them send anything, and they carry their own credentials.
 * Returns the refusal, or null when the request may go on.
 */
export function crossSiteRefusal(req: IncomingMessage): PulseboardError | null {
  const method = (req.method ?? 'GET').toUpperCase();
  if (SAFE_METHODS.has(method)) return null;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return new PulseboardError(
      'CROSS_SITE_REQUEST',
      `Cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)})`,
    );
  }
  if (req.headers.origin !== undefined && !originAllowed(req.headers.origin, req.headers.host)) {
    return new PulseboardError('CROSS_SITE_REQUEST');
  }
  return null;
}
