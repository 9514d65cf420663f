import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness.js';
import { TestWsClient } from './testing/ws-client.js';

// Regression tests for issue 12 (hardening), the rows an in-process server can show: the
// request line, cross-site requests, connection caps, log floods. One test (or more) per row.

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `text` on a fresh socket and resolves with everything the server answered. */
function rawExchange(url: string, text: string, localAddress?: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect({ host: hostname, port: Number(port), localAddress }, () => socket.write(text));
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function openIdle(url: string, localAddress: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress }, () => resolve(socket));
    socket.on('error', reject);
  });
}

const lockOf = async (s: TestServer) =>
  (
    (await (await fetch(`${s.url}/api/lock`, { headers: { Authorization: s.basic('admin') } })).json()) as {
      locks: unknown[];
    }
  ).locks;

describe('row 4: cross-site request forgery', () => {
  it('refuses a text/plain form post and a foreign Origin or Sec-Fetch-Site; takes a same-origin JSON post', async () => {
    t = await startTestServer();
    const auth = { Authorization: t.basic('alice') };
    // What a form on another site sends: text/plain (no preflight), the user's credentials.
    const form = await fetch(`${t.url}/api/lock`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain', Origin: 'http://evil.example' },
      body: '{"x":1}',
    });
    expect(form.status).toBe(403);
    const plain = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const json = { ...auth, 'Content-Type': 'application/json' };
    const foreign = await fetch(`${t.url}/api/lock`, {
      method: 'POST',
      headers: { ...json, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'CROSS_SITE_REQUEST' } });
    const fetchMeta = await fetch(`${t.url}/api/lock`, {
      method: 'DELETE',
      headers: { ...auth, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(fetchMeta.status).toBe(403);
    expect(await lockOf(t)).toEqual([]);
    expect((await (await fetch(`${t.url}/api/chat`, { headers: auth })).json()).messages).toEqual([]);

    const own = await fetch(`${t.url}/api/lock`, {
      method: 'POST',
      headers: { ...json, Origin: `http://${t.host}`, 'Sec-Fetch-Site': 'same-origin' },
      body: '{}',
    });
    expect(own.status).toBe(200);
    expect(await lockOf(t)).toHaveLength(1);
  });
});

describe('row 9: an unparsable request target', () => {
  it('gets a 400 before authentication, and no error log', async () => {
    t = await startTestServer();
    const answer = await rawExchange(
      t.url,
      `GET http://[ HTTP/1.1\r\nHost: ${t.host}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const upgrade = await rawExchange(
      t.url,
      `GET http://[ HTTP/1.1\r\nHost: ${t.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 /);
    expect(t.logLines().filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});

describe('row 10: connections before authentication', () => {
  it('caps idle sockets per address and in total; another address and authenticated sockets still get in', async () => {
    t = await startTestServer({ maxPreAuthPerAddress: 10, maxConnections: 40 });
    const flood: Socket[] = [];
    const closedEarly: Socket[] = [];
    for (let i = 0; i < 30; i++) {
      const s = await openIdle(t.url, '127.0.0.2');
      s.on('close', () => closedEarly.push(s));
      flood.push(s);
    }
    await sleep(200);
    expect(closedEarly.length).toBe(20); // ten stay, the rest were dropped on accept
    // A normal client from another address is served at once.
    const started = Date.now();
    const res = await fetch(`${t.url}/healthz`, { headers: { Authorization: t.basic('alice') } });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);

    // Sockets that authenticated leave the per-address count: 10 more keep-alive requests pass.
    const authed = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        rawExchange(
          t!.url,
          `GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: ${t!.basic('bob')}\r\nConnection: close\r\n\r\n`,
          `127.0.0.${3 + (i % 2)}`,
        ),
      ),
    );
    expect(authed.every((a) => a.startsWith('HTTP/1.1 200'))).toBe(true);

    // The global cap: 10 from .2 are open; 30 from other addresses fill it up to 40.
    for (let i = 0; i < 30; i++) flood.push(await openIdle(t.url, `127.0.1.${i}`));
    const over = await openIdle(t.url, '127.0.2.1');
    const overClosed = await new Promise<boolean>((r) => {
      over.on('close', () => r(true));
      setTimeout(() => r(false), 1000);
    });
    expect(overClosed).toBe(true);
    for (const s of flood) s.destroy();
    expect(
      t.logLines().filter((l) => l.msg === 'connection refused: too many open').length,
    ).toBeLessThanOrEqual(2);
  });
});

describe('row 8: rate-limit warnings', () => {
  it('logs one line for a write of 20k frames and for a reconnect loop', async () => {
    t = await startTestServer({ wsRate: { perSec: 20, burst: 40 } });
    for (let round = 0; round < 5; round++) {
      const c = await TestWsClient.open(t.url, { Authorization: t.basic('alice') });
      const closed = c.closed();
      const frame = JSON.stringify({ type: 'ping', t: 1 });
      for (let i = 0; i < 20_000; i++) c.ws.send(frame);
      expect((await closed).code).toBe(1008);
    }
    await sleep(100);
    const warnings = t.logLines().filter((l) => l.msg === 'websocket rate limit exceeded');
    expect(warnings).toHaveLength(1);
  });
});

describe('row 11: log fields', () => {
  it('keeps a 12 KB user name out of the log line', async () => {
    t = await startTestServer();
    const name = 'x'.repeat(12_000);
    const res = await fetch(`${t.url}/api/state`, {
      headers: { Authorization: `Basic ${Buffer.from(`${name}:pw`).toString('base64')}` },
    });
    expect(res.status).toBe(401);
    const line = t.logLines().find((l) => l.msg === 'authentication failed');
    expect(line).toBeDefined();
    expect(JSON.stringify(line).length).toBeLessThan(1000);
  });
});
