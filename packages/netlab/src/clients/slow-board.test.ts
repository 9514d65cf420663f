import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { Sink, StartDriver } from './driver.js';
import type { ClientConfig } from './protocol.js';
import { httpDriver } from './http-client.js';
import { wsDriver } from './ws-client.js';

// A board too busy to answer within a client's first timeout (bench:lab under load 20-35):
// each attempt given up and started over just before its answer came, so the client never
// came up. A client waits longer after each attempt that timed out, and comes up.
// (Loopback, ~1 s.)

const answerAfterMs = 300;
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

/** Answers every WebSocket handshake and every HTTP request only after `answerAfterMs`. */
async function slowBoard(): Promise<{ url: string; attempts: () => number }> {
  let attempts = 0;
  const wss = new WebSocketServer({ noServer: true });
  server = createServer((req, res) => {
    attempts += 1;
    setTimeout(() => res.end('{"users":[]}'), answerAfterMs);
  });
  server.on('upgrade', (req, socket, head) => {
    attempts += 1;
    setTimeout(() => {
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => ws.on('error', () => undefined));
    }, answerAfterMs);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, attempts: () => attempts };
}

async function comesUp(start: StartDriver, url: string) {
  const cfg: ClientConfig = { id: 'c1', kind: 'ws', url, user: 'u', password: 'p', socket: '', ns: '' };
  const warnings: string[] = [];
  let up = false;
  const sink: Sink = {
    connected: () => (up = true),
    disconnected: () => undefined,
    rtt: () => undefined,
    presence: () => undefined,
    log: (_level, msg) => warnings.push(msg),
  };
  const driver = await start(cfg, sink);
  const deadline = Date.now() + 4000;
  while (!up && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  driver.fin();
  return { up, warnings };
}

it('a WebSocket client whose board answers after its first handshake timeout still comes up', async () => {
  const board = await slowBoard();
  const { up, warnings } = await comesUp(wsDriver({ handshakeMs: 150, maxHandshakeMs: 1200 }), board.url);
  expect(up).toBe(true);
  // The first attempt was given up (the board answers later than 150 ms), later ones waited longer.
  expect(warnings[0]).toBe('ws handshake unanswered after 150 ms');
  expect(board.attempts()).toBeGreaterThanOrEqual(2);
});

it('an HTTP client whose board answers after its first request timeout still comes up', async () => {
  const board = await slowBoard();
  const { up, warnings } = await comesUp(httpDriver(150, 1200), board.url);
  expect(up).toBe(true);
  expect(warnings[0]).toBe('http error: timeout');
  expect(board.attempts()).toBeGreaterThanOrEqual(2);
});
