import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './http/security-headers.js';
import { panelJs, startTestServer, type TestServer } from './testing/harness.js';

/** A raw request whose path is sent exactly as written (fetch would normalise `..`). */
function raw(
  t: TestServer,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(t.url);
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP hygiene', () => {
  let t: TestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer();
    auth = { Authorization: t.basic('alice') };
  });
  afterAll(() => t.close());

  it('sets CSP and the other security headers on every response, refusals included', async () => {
    for (const res of [await fetch(`${t.url}/`, { headers: auth }), await fetch(`${t.url}/api/state`)]) {
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt'])(
    'never serves a file outside the panel folder: %s',
    async (path) => {
      const res = await raw(t, path, auth);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('top secret');
    },
  );

  it('serves precompressed assets with an ETag and answers 304 to a matching If-None-Match', async () => {
    const br = await fetch(`${t.url}/assets/app-abc123.js`, {
      headers: { ...auth, 'Accept-Encoding': 'br' },
    });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toContain('immutable');
    expect(await br.text()).toBe(panelJs); // fetch decodes br
    const etag = br.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const gz = await fetch(`${t.url}/assets/app-abc123.js`, {
      headers: { ...auth, 'Accept-Encoding': 'gzip' },
    });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(Number(gz.headers.get('content-length'))).toBeLessThan(panelJs.length);
    const again = await fetch(`${t.url}/assets/app-abc123.js`, {
      headers: { ...auth, 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('serves index.html at / with no-cache', async () => {
    const res = await fetch(`${t.url}/`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<div id="root">');
  });

  it('answers unknown API paths 404 and wrong methods 405 with the catalog JSON', async () => {
    const missing = await fetch(`${t.url}/api/nothing`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found' } });
    const wrong = await fetch(`${t.url}/api/state`, { method: 'PUT', headers: auth });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('validates JSON bodies: bad JSON 400, wrong shape 400, too large 413', async () => {
    const post = (body: string) =>
      fetch(`${t.url}/api/lines/lights`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body,
      });
    expect((await post('{')).status).toBe(400);
    const shape = await post('{"value":7}');
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { error: { message: string } }).error.message).toContain('value');
    expect((await post(JSON.stringify({ value: 1, pad: 'x'.repeat(20_000) }))).status).toBe(413);
  });

  it('maps core errors to their status: unknown line 404, viewer 403', async () => {
    const unknown = await fetch(`${t.url}/api/lines/nope`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"value":1}',
    });
    expect(unknown.status).toBe(404);
    const viewer = await fetch(`${t.url}/api/lines/lights`, {
      method: 'POST',
      headers: { Authorization: t.basic('vera'), 'Content-Type': 'application/json' },
      body: '{"value":1}',
    });
    expect(viewer.status).toBe(403);
    expect(await viewer.json()).toMatchObject({ error: { code: 'FORBIDDEN_ROLE' } });
  });

  it('refuses oversized headers with 431', async () => {
    const res = await raw(t, '/api/state', { ...auth, 'X-Big': 'x'.repeat(20_000) });
    expect(res.status).toBe(431);
  });

  it('reports version and socket capability on /healthz', async () => {
    const res = await fetch(`${t.url}/healthz`, { headers: auth });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(body.socket).toMatchObject({
      ffi: expect.any(Boolean),
      options: expect.arrayContaining(['SO_KEEPALIVE']),
    });
    expect(body.tcp).toMatchObject({ budgetMs: 2500, userTimeoutMs: expect.any(Number) });
    // The RTO floor is detected at start: on by default where the kernel has TCP_RTO_MIN_US.
    const rto = (body.socket as { rto: { minUs: boolean } }).rto;
    expect(body.liveness).toEqual({
      preset: 'lan-fast',
      rtoFloor: {
        supported: rto.minUs,
        minUs: rto.minUs ? 10_000 : null,
        maxMs: rto.minUs ? 1000 : null,
        reason: rto.minUs ? null : expect.any(String),
      },
    });
  });

  it('exposes Prometheus metrics for connections, users, detection and operations', async () => {
    const res = await fetch(`${t.url}/metrics`, { headers: auth });
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of [
      'pulseboard_connections',
      'pulseboard_users',
      'pulseboard_detection_latency_seconds',
      'pulseboard_suspect_total',
      'pulseboard_dead_total',
      'pulseboard_suspect_connections',
      'pulseboard_link_rtt_seconds',
      'pulseboard_link_loss_ratio',
      'pulseboard_liveness_deadline_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it('filters the audit log and exports it as CSV', async () => {
    await fetch(`${t.url}/api/lines/pump`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"value":1}',
    });
    const json = await fetch(`${t.url}/api/audit?user=alice&line=pump`, { headers: auth });
    const { records } = (await json.json()) as { records: { user: string; line: string; remote: string }[] };
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.user === 'alice' && r.line === 'pump')).toBe(true);
    expect(records[0]?.remote).toBe('127.0.0.1');
    const csv = await fetch(`${t.url}/api/audit?user=alice&format=csv`, { headers: auth });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect((await csv.text()).split('\n')[0]).toContain('user');
    expect((await fetch(`${t.url}/api/audit?since=yesterday`, { headers: auth })).status).toBe(400);
  });

  it('pages the audit log by result, and its CSV holds exactly the rows of the same page', async () => {
    for (const value of [0, 1, 0]) {
      await fetch(`${t.url}/api/lines/pump`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ value }),
      });
    }
    const rows = async (q: string) =>
      (
        (await (await fetch(`${t.url}/api/audit?${q}`, { headers: auth })).json()) as {
          records: { id: number; result: string }[];
        }
      ).records;
    const all = await rows('line=pump&result=confirmed');
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.every((r) => r.result === 'confirmed')).toBe(true);
    expect((await rows('line=pump&result=confirmed&limit=1&offset=1')).map((r) => r.id)).toEqual([
      all[1]?.id,
    ]);
    const csv = await (
      await fetch(`${t.url}/api/audit?line=pump&result=confirmed&limit=1&offset=1&format=csv`, {
        headers: auth,
      })
    ).text();
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith(`${all[1]?.id},`)).toBe(true);
    for (const [q, message] of [
      ['result=maybe', 'result must be one of confirmed, failed, denied, ok, unknown'],
      ['offset=-1', 'offset must be a whole number of rows'],
      ['since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z', 'since must not be later than until'],
    ] as const) {
      const res = await fetch(`${t.url}/api/audit?${q}`, { headers: auth });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message);
    }
  });
});

describe('slowloris guard', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
  });
  afterAll(() => t.close());

  it('drops a client that never finishes its headers', async () => {
    const url = new URL(t.url);
    const socket = connect(Number(url.port), url.hostname);
    const started = Date.now();
    socket.write('GET /api/state HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    await new Promise((resolve) => socket.on('close', resolve));
    clearInterval(trickle);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
  });
});
