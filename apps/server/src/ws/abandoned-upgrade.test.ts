import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Sends a valid /ws upgrade, then gives up at once, as a client whose handshake timed out. */
function abandonUpgrade(url: string, authorization: string, how: 'end' | 'destroy'): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET /ws HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: ${authorization}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      if (how === 'end') socket.end();
      else socket.destroy();
      // Stall this process (the server is in it too), as a busy board would: the request and
      // the client's FIN reach the server in one read, before it has looked at either.
      const until = Date.now() + 100;
      while (Date.now() < until);
      resolve();
    });
    socket.on('error', reject);
  });
}

describe('an upgrade the client abandoned while the server was still authenticating', () => {
  for (const how of ['end', 'destroy'] as const) {
    it(`leaves no phantom connection in presence (client ${how === 'end' ? 'FIN' : 'close'})`, async () => {
      t = await startTestServer();
      for (let i = 0; i < 5; i++) await abandonUpgrade(t.url, t.basic('alice'), how);
      // Longer than the heartbeat's dead deadline: anything left by then is a phantom.
      await sleep(1500);
      const res = await fetch(`${t.url}/api/presence`, { headers: { authorization: t.basic('admin') } });
      const presence = (await res.json()) as {
        users: { name: string; state: string; connections: unknown[] }[];
      };
      const alice = presence.users.find((u) => u.name === 'alice');
      expect(alice?.connections ?? []).toEqual([]);
      expect(alice?.state ?? 'offline').toBe('offline');
    });
  }
});
