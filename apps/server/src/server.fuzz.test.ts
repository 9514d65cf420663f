import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, mutated, nastyString } from '@pulseboard/core/testing/fuzz';
import { startTestServer, type TestServer } from './testing/harness.js';
import { TestWsClient } from './testing/ws-client.js';

// Fuzz (issue 12) against an in-process server: arbitrary request lines, headers and bodies,
// and arbitrary WebSocket messages. The server answers every one (no 500, no crash, no error
// log), and stays healthy. Short with a fixed seed in `npm test`; `npm run fuzz` for long runs.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    maxPreAuthPerAddress: 10_000,
    wsRate: { perSec: 100_000, burst: 100_000 },
    operationRate: { perSec: 100_000, burst: 100_000 },
  });
});
afterAll(() => t.close());

/** Sends raw bytes on a fresh socket; resolves with the answer (or '' if the server just closed). */
function exchange(bytes: string): Promise<string> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.end(bytes, 'latin1'));
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer in 5 s')));
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' ? resolve(answer) : reject(err),
    );
  });
}

const token = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'get'),
  nastyString(8),
);
const target = fc.oneof(
  fc.constantFrom(
    '/',
    '/api/state',
    '/api/lines/pump',
    '/api/lock',
    '/api/chat',
    '/api/audit?format=csv&since=x',
    '/ws',
    '/healthz',
    '*',
    'http://[',
    '//%',
    '/%E0%A4%A',
    '/api/lines/' + 'x'.repeat(5000),
  ),
  mutated(['/api/lines/pump', '/api/audit?user=alice&limit=5', 'http://localhost/api/state'], 12),
  nastyString(60),
);
const headerName = fc.oneof(
  fc.constantFrom(
    'Authorization',
    'Content-Type',
    'Content-Length',
    'Origin',
    'Sec-Fetch-Site',
    'Transfer-Encoding',
    'Upgrade',
    'Connection',
    'Host',
    'Accept',
    'X-Pulseboard-Session',
  ),
  nastyString(12),
);
const headerValue = (auth: string) =>
  fc.oneof(
    fc.constantFrom(
      auth,
      'application/json',
      'text/plain',
      '0',
      '5',
      '-1',
      'chunked',
      'websocket',
      'close',
      'http://evil.example',
      'cross-site',
    ),
    mutated([auth, 'Digest username="alice", uri="/"'], 12),
    nastyString(80),
  );

describe('HTTP fuzz', () => {
  it(
    'answers any request line, headers and body without a 500, and stays healthy',
    async () => {
      const auth = t.basic('alice');
      await fc.assert(
        fc.asyncProperty(
          token,
          target,
          fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x'),
          fc.array(fc.tuple(headerName, headerValue(auth)), { maxLength: 6 }),
          fc.oneof(fc.constant(''), fc.constant('{"value":1}'), fc.json({ maxDepth: 3 }), nastyString(100)),
          async (method, path, version, headers, body) => {
            const head = [
              `${method} ${path} ${version}`,
              `Host: ${t.host}`,
              ...headers.map(([k, v]) => `${k}: ${v}`),
            ];
            const answer = await exchange(`${head.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`);
            const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
            if (status !== undefined) expect(Number(status)).not.toBe(500);
          },
        ),
        fuzzParams(120),
      );
      expect(t.logLines().filter((l) => (l.level as number) >= 50)).toEqual([]);
      const health = await fetch(`${t.url}/healthz`, { headers: { Authorization: auth } });
      expect(health.status).toBe(200);
    },
    fuzzTimeoutMs(),
  );
});

describe('WebSocket fuzz', () => {
  it(
    'answers any message with an ack, an error or a close code, never an INTERNAL error',
    async () => {
      const examples = [
        '{"type":"operate","id":"1","line":"pump","value":1}',
        '{"type":"lock.take","lines":["pump"]}',
        '{"type":"lock.release"}',
        '{"type":"chat","text":"hi"}',
        '{"type":"ping","t":5}',
      ];
      let client = await TestWsClient.open(t.url, { Authorization: t.basic('alice') });
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(mutated(examples, 20), nastyString(100), fc.json({ maxDepth: 3 })),
          async (raw) => {
            if (client.ws.readyState !== client.ws.OPEN) {
              client = await TestWsClient.open(t.url, { Authorization: t.basic('alice') });
            }
            const closed = client.closed();
            client.events.length = 0;
            client.send(raw);
            client.send({ type: 'ping', t: 42 });
            const outcome = await Promise.race([
              client.next((e) => e.type === 'pong' && e.t === 42, 10_000),
              closed,
            ]);
            if ('code' in outcome) expect([1008, 1009, 1002, 1007]).toContain(outcome.code);
            const errors = client.events.filter((e) => e.type === 'error');
            for (const e of errors) expect((e.error as { code: string }).code).not.toBe('INTERNAL');
          },
        ),
        fuzzParams(150),
      );
      client.close();
      expect(t.logLines().filter((l) => (l.level as number) >= 50)).toEqual([]);
    },
    fuzzTimeoutMs(),
  );
});
