import type { Actor } from '@pulseboard/core/control/actor';
import { durableSession } from '../app/live-connections.js';
import type { Services } from '../app/services.js';
import type { RouteContext } from '../http/router.js';
import type { Principal } from '../http/gate.js';

/**
 * Who operates: the client, not the request. A REST call acts in the name of
 * - the live session it names (header `X-Pulseboard-Session`, as the panel does);
 * - else the client's own live session: the presence connection the request came on (an HTTP
 *   keep-alive), or the user's newest stream (WebSocket/SSE) from the same address (a lab or
 *   script client that posts beside its event stream);
 * - else (a header naming no session of the caller, or a client with no live connection) a
 *   per-user HTTP session that no liveness verdict ever ends.
 * So a client that vanishes silently takes its locks and failsafe lines with it (issue: the
 * operator of a line is the client).
 */
export function actorFor(s: Services, ctx: RouteContext<Principal>): Actor {
  const p = ctx.session;
  const header = ctx.req.headers['x-pulseboard-session'];
  const claimed = typeof header === 'string' ? header : undefined;
  let sessionId: string | undefined;
  if (claimed !== undefined) sessionId = s.live.sessionOf(claimed, p.name) ? claimed : undefined;
  else sessionId = s.live.clientSession(p.name, p.remote, s.httpConns.connectionOn(ctx.req.socket));
  return { user: p.name, role: p.role, sessionId: sessionId ?? durableSession(p.name), remote: p.remote };
}
