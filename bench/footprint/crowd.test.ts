import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { openIdleCrowd, type IdleCrowd } from './crowd.js';

// The crowd reports honestly who the server ended and how: a close frame's code and reason, or
// 1006 for a socket cut without one (what the liveness watch's terminate() looks like).
describe('idle crowd over several processes', () => {
  let wss: WebSocketServer | undefined;
  let crowd: IdleCrowd | undefined;
  afterEach(async () => {
    await crowd?.close();
    wss?.close();
  });

  it('opens every client, counts messages, and reports the endings by close code and reason', async () => {
    const sockets: WebSocket[] = [];
    const seen: string[] = [];
    // Client c15 is refused at the upgrade, as a server too busy to read its request in time would.
    wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => done(info.req.headers['x-client'] !== 'c15', 408),
    });
    wss.on('connection', (ws, req) => {
      sockets.push(ws);
      seen.push(String(req.headers['x-client']));
      ws.send(JSON.stringify({ type: 'hello' }));
    });
    await new Promise((r) => wss!.once('listening', r));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const headers = Array.from({ length: 6 }, (_, k) => ({ 'x-client': `c${10 + k}` }));
    crowd = await openIdleCrowd(url, headers, 10, 3);
    expect(seen.sort()).toEqual(['c10', 'c11', 'c12', 'c13', 'c14']);
    expect(await crowd.report()).toMatchObject({
      closed: 0,
      endings: { 'refused HTTP 408': 1 },
      received: 5,
    });

    for (const ws of sockets) ws.send(JSON.stringify({ type: 'presence' }));
    sockets[0]!.terminate();
    sockets[1]!.close(4408, 'too many connections');
    // A socket the server closed with a frame is not open at once, but its 'close' (which says how
    // it ended) comes only after the closing handshake: wait for the endings, not the count.
    await expect
      .poll(async () => (await crowd!.report()).endings, { timeout: 10_000 })
      .toEqual({ '1006': 1, '4408 too many connections': 1, 'refused HTTP 408': 1 });
    const report = await crowd.report();
    expect(report.closed).toBe(2);
    expect(report.received).toBeGreaterThanOrEqual(5 + 3);
    expect(report.lagMaxMs).toBeGreaterThan(0);
  }, 60_000);
});
