import type { Services } from '../app/services.js';
import type { Principal } from '../http/gate.js';
import { Router } from '../http/router.js';
import { eventsRoute } from '../sse/events-route.js';
import { auditRoutes } from './audit-routes.js';
import { boardRoutes } from './board-routes.js';
import { chatRoutes } from './chat-routes.js';
import { opsRoutes } from './ops-routes.js';
import { presenceRoutes } from './presence-routes.js';
import { signoutRoutes } from './signout-routes.js';
import { simRoutes } from './sim-routes.js';

export function buildRouter(s: Services): Router<Principal> {
  const router = new Router<Principal>();
  boardRoutes(router, s);
  chatRoutes(router, s);
  auditRoutes(router, s);
  presenceRoutes(router, s);
  opsRoutes(router, s);
  simRoutes(router, s);
  signoutRoutes(router, s);
  eventsRoute(router, s);
  return router;
}
