import type { IncomingMessage } from 'node:http';

// The lab API runs scenarios (code) as root, so a web page in the operator's browser must not
// be able to drive it (CSRF), nor a rebound DNS name reach it. Allowed: no Origin at all
// (curl, scripts), the API's own origin, and pages served from this machine (a dev server on
// localhost). Host must be the one we serve when bound to loopback.
const local = new Set(['localhost', '127.0.0.1', '[::1]']);

export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  return o.host === req.headers.host || local.has(o.hostname);
}

export function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  if (!local.has(boundHost) && boundHost !== '::1') return true;
  const host = req.headers.host ?? '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return local.has(name);
}
