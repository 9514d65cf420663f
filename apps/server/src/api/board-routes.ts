import { PulseboardError } from '@pulseboard/core';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { readJson } from '../http/body.js';
import type { Principal } from '../http/gate.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { actorFor } from './actor.js';
import { parseBody } from './validate.js';

const operateBody = z.strictObject({ value: z.union([z.literal(0), z.literal(1)]) });
const lockBody = z.strictObject({ lines: z.array(z.string().min(1).max(64)).min(1).max(64).optional() });

export function boardRoutes(router: Router<Principal>, s: Services): void {
  router.add('GET', '/api/state', ({ res }) => sendJson(res, 200, s.controller.state()));

  router.add('POST', '/api/lines/:name', async (ctx) => {
    const { value } = parseBody(operateBody, await readJson(ctx.req));
    const name = ctx.params.name ?? '';
    const result = await s.controller.operate(actorFor(s, ctx), name, value);
    sendJson(ctx.res, 200, result);
  });

  router.add('GET', '/api/lock', ({ res }) => sendJson(res, 200, { locks: s.controller.locks() }));

  router.add('POST', '/api/lock', async (ctx) => {
    const { lines } = parseBody(lockBody, await readJson(ctx.req));
    sendJson(ctx.res, 200, s.controller.takeLock(actorFor(s, ctx), lines));
  });

  router.add('DELETE', '/api/lock', (ctx) => {
    const id = ctx.url.searchParams.get('id') ?? undefined;
    if (id !== undefined && id.length > 64) throw new PulseboardError('BAD_REQUEST', 'id is too long');
    s.controller.releaseLock(actorFor(s, ctx), id);
    sendJson(ctx.res, 200, { locks: s.controller.locks() });
  });
}
