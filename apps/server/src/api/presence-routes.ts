import { PulseboardError } from '@pulseboard/core';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { readJson } from '../http/body.js';
import type { Principal } from '../http/gate.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { closeCodes } from '../ws/close-codes.js';
import { parseBody } from './validate.js';

// blockMs keeps the user out for a while: their panel would otherwise reconnect at once.
const disconnectBody = z.strictObject({
  user: z.string().min(1).max(64),
  blockMs: z.number().int().min(0).max(86_400_000).default(60_000),
});

export function presenceRoutes(router: Router<Principal>, s: Services): void {
  router.add('GET', '/api/presence', ({ res }) => {
    s.live.refreshRtt();
    sendJson(res, 200, s.presence.snapshot());
  });

  router.add('GET', '/api/me', ({ res, session }) =>
    sendJson(res, 200, { user: session.name, role: session.role }),
  );

  router.add('POST', '/api/admin/disconnect', async (ctx) => {
    if (ctx.session.role !== 'admin') throw new PulseboardError('FORBIDDEN_ROLE');
    const { user, blockMs } = parseBody(disconnectBody, await readJson(ctx.req));
    if (user === ctx.session.name) throw new PulseboardError('BAD_REQUEST', 'You cannot disconnect yourself');
    const ids = s.presence.disconnectUser(user, { by: ctx.session.name, blockMs });
    s.live.endRemoved(ids, closeCodes.disconnectedByAdmin, `Disconnected by ${ctx.session.name}`);
    s.log.info(
      { user, by: ctx.session.name, connections: ids.length, blockMs },
      'user disconnected by admin',
    );
    sendJson(ctx.res, 200, { user, closed: ids.length, blockedForS: Math.ceil(blockMs / 1000) });
  });
}
