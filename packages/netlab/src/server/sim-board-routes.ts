import { PulseboardError } from '@pulseboard/core';
import type { Lab } from '../lab.js';
import type { Route } from './act-routes.js';
import { readJson, sendJson } from './http-util.js';

// The board as parts (docs/lab-api.md): its lines' state, and — on the simulated board — the
// outside world: press an input, wedge or break an output. Forwarded to the board as the
// lab's own admin user, so the browser never holds a board credential.

async function board(lab: Lab, method: string, path: string, body?: unknown): Promise<[number, unknown]> {
  if (!lab.board.running) throw new PulseboardError('NOT_FOUND', 'the board is not running');
  const res = await fetch(lab.boardUrl + path, {
    method,
    headers: { authorization: lab.labAuth, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  return [res.status, text ? (JSON.parse(text) as unknown) : {}];
}

const enc = encodeURIComponent;

export function simBoardRoutes(lab: Lab): Route[] {
  return [
    [
      'GET',
      /^\/api\/board\/state$/,
      async (_q, s) => sendJson(s, ...(await board(lab, 'GET', '/api/state'))),
    ],
    [
      'POST',
      /^\/api\/board\/inputs\/([^/]+)$/,
      async (q, s, [name]) => {
        const { value } = await readJson(q);
        if (value !== 0 && value !== 1) throw new TypeError('value must be 0 or 1');
        sendJson(s, ...(await board(lab, 'POST', `/api/sim/inputs/${enc(name!)}`, { value })));
      },
    ],
    [
      'PUT',
      /^\/api\/board\/hardware-faults\/([^/]+)$/,
      async (q, s, [name]) => {
        const { fault } = await readJson(q);
        sendJson(s, ...(await board(lab, 'PUT', `/api/sim/faults/${enc(name!)}`, { fault: fault ?? null })));
      },
    ],
  ];
}
