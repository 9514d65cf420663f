import type { IncomingMessage, ServerResponse } from 'node:http';
import { PulseboardError } from '@pulseboard/core';
import type { Lab } from '../lab.js';
import { readJson, sendJson } from './http-util.js';

// Act as a client (docs/lab-api.md): the client itself operates a line, takes or releases the
// lock, or chats, over its own connection as its own user; a powered-off client powers on.

export type Route = [
  string,
  RegExp,
  (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void> | void,
];

const lineName = /^[A-Za-z0-9_.-]{1,64}$/;

export function actRoutes(lab: Lab, ready: () => void): Route[] {
  const known = (id: string) => {
    if (!lab.client(id)) throw new PulseboardError('NOT_FOUND', `no client ${id}`);
  };
  return [
    [
      'POST',
      /^\/api\/clients\/([^/]+)\/act$/,
      async (q, s, [id]) => {
        ready();
        known(id!);
        const body = await readJson(q);
        switch (body.action) {
          case 'operate': {
            if (typeof body.line !== 'string' || !lineName.test(body.line))
              throw new TypeError('line must be a line name');
            if (body.value !== 0 && body.value !== 1) throw new TypeError('value must be 0 or 1');
            lab.operate(id!, body.line, body.value);
            break;
          }
          case 'lock':
          case 'unlock':
            lab.tell(id!, { t: 'lock', take: body.action === 'lock' });
            break;
          case 'chat': {
            if (typeof body.text !== 'string' || !body.text.trim() || body.text.length > 4000)
              throw new TypeError('text must be 1-4000 characters');
            lab.tell(id!, { t: 'chat', text: body.text });
            break;
          }
          default:
            throw new TypeError('action must be one of operate, lock, unlock, chat');
        }
        // Sent, not done: the outcome shows up in the lab's events (line, lock, log).
        sendJson(s, 202, { ok: true });
      },
    ],
    [
      'POST',
      /^\/api\/clients\/([^/]+)\/power-on$/,
      async (_q, s, [id]) => {
        ready();
        known(id!);
        sendJson(s, 200, await lab.powerOn(id!));
      },
    ],
  ];
}
