import type { IncomingMessage, ServerResponse } from 'node:http';
import { clip, PulseboardError } from '@pulseboard/core';
import type { Services } from '../app/services.js';
import type { StaticFiles } from '../static/serve-static.js';
import { crossSiteRefusal } from './cross-site.js';
import { passGate, type Principal } from './gate.js';
import { overCapBeforeAuth } from './over-cap.js';
import { sendError, sendJson } from './respond.js';
import type { Router } from './router.js';
import { setSecurityHeaders } from './security-headers.js';
import { parseTarget } from './target.js';

/**
 * Security headers, a target that parses (400 before anything is logged), the cross-site guard,
 * the gate, presence for the keep-alive socket, then the API router; anything else under GET is
 * the panel.
 */
export function createRequestHandler(s: Services, router: Router<Principal>, statics: StaticFiles) {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, s.options.tls !== null);
    const url = parseTarget(req.url);
    if (!url) return sendError(res, new PulseboardError('BAD_REQUEST', 'Invalid request target'));
    const crossSite = crossSiteRefusal(req);
    if (crossSite) return sendError(res, crossSite);
    const early = url.pathname === '/api/events' ? overCapBeforeAuth(s, req) : undefined;
    if (early) return sendError(res, early);
    const gate = await passGate(s, req);
    if (!gate.ok) {
      res.writeHead(gate.refusal.status, gate.refusal.headers);
      res.end(gate.refusal.body);
      return;
    }
    // The SSE route makes its socket a presence connection itself (transport "sse").
    if (url.pathname !== '/api/events') s.httpConns.track(req, gate.principal);
    const method = req.method ?? 'GET';
    const match = router.match(method, url.pathname);
    if (match.kind === 'found') {
      await match.handler({ req, res, url, params: match.params, session: gate.principal });
      return;
    }
    if (match.kind === 'method-not-allowed') {
      res.setHeader('Allow', match.allow.join(', '));
      sendJson(res, 405, new PulseboardError('BAD_REQUEST', `Method ${method} not allowed`).toJSON());
      return;
    }
    const isApi = url.pathname.startsWith('/api/') || url.pathname === '/ws';
    if (!isApi && (method === 'GET' || method === 'HEAD') && (await statics.serve(req, res, url.pathname)))
      return;
    sendError(res, new PulseboardError('NOT_FOUND'));
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (!(err instanceof PulseboardError)) s.log.error({ err, url: clip(req.url) }, 'request failed');
      sendError(res, err);
    });
  };
}
