import { z } from 'zod';
import type { Services } from '../app/services.js';
import { readJson } from '../http/body.js';
import type { Principal } from '../http/gate.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { parseBody } from './validate.js';

const chatBody = z.strictObject({ text: z.string().min(1).max(4000) });

export function chatRoutes(router: Router<Principal>, s: Services): void {
  router.add('GET', '/api/chat', ({ res, url }) => {
    const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
    sendJson(res, 200, { messages: s.chat.history(limit) });
  });

  router.add('POST', '/api/chat', async (ctx) => {
    const { text } = parseBody(chatBody, await readJson(ctx.req));
    sendJson(ctx.res, 201, await s.chat.post(ctx.session.name, text));
  });
}
