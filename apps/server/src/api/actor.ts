import type { Actor } from '@pulseboard/core/control/actor';
import type { Services } from '../app/services.js';
import type { RouteContext } from '../http/router.js';
import type { Principal } from '../http/gate.js';

/**
 * REST calls act in the name of the caller's live session when they name it (header
 * `X-Pulseboard-Session`, as the panel does), so its failsafe and locks die with that session.
 * Otherwise they get a per-user HTTP session that no liveness verdict ever ends.
 */
export function actorFor(s: Services, ctx: RouteContext<Principal>): Actor {
  const p = ctx.session;
  const header = ctx.req.headers['x-pulseboard-session'];
  const claimed = typeof header === 'string' ? header : undefined;
  const sessionId = claimed && s.live.sessionOf(claimed, p.name) ? claimed : `http:${p.name}`;
  return { user: p.name, role: p.role, sessionId, remote: p.remote };
}
