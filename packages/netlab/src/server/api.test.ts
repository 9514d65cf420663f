import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Lab } from '../lab.js';
import { createApiServer } from './api.js';
import { ScenarioStore } from './scenario-store.js';

// The lab API in-process, without a started lab (no namespaces): routing, errors, scenarios,
// types and the stream's snapshot.
describe('lab API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pblab-api-'));
  const builtin = join(dir, 'builtin');
  let base = '';
  const server = createApiServer({
    lab: new Lab({ prefix: 'pbx' }),
    unavailable: 'not started in this test',
    store: new ScenarioStore(builtin, join(dir, 'user')),
    uiDir: join(dir, 'ui'),
    resultsDir: join(dir, 'results'),
  });

  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(builtin);
    writeFileSync(
      join(builtin, 'demo.ts'),
      "export default scenario('demo', { description: 'A demo' }, async () => {});\n",
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const json = async (path: string, init?: RequestInit) => {
    const res = await fetch(base + path, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('GET /api/lab returns board, clients, faults and capabilities', async () => {
    const { status, body } = await json('/api/lab');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      board: { running: false, panels: [] },
      clients: [],
      faults: [],
      capabilities: { netem: false },
    });
  });

  it('POST /api/scenarios/check refuses a body without source and says when it cannot check', async () => {
    const post = (body: unknown) =>
      json('/api/scenarios/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const missing = await post({ text: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: { code: 'BAD_REQUEST', message: 'source must be a string' },
    });
    // This test's built-in folder has no tsconfig.json: a clear 503, not a hang or a 500.
    const unavailable = await post({ source: 'x' });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toMatchObject({ error: { code: 'CHECK_UNAVAILABLE' } });
  }, 60_000);

  it('lists, reads and saves scenarios; built-ins are read-only', async () => {
    expect((await json('/api/scenarios')).body).toEqual([
      { name: 'demo', file: join(builtin, 'demo.ts'), builtin: true, description: 'A demo' },
    ]);
    expect((await json('/api/scenarios/demo')).body.source).toContain("scenario('demo'");
    const put = (name: string) =>
      json(`/api/scenarios/${name}`, { method: 'PUT', body: JSON.stringify({ source: '// mine' }) });
    expect((await put('demo')).status).toBe(400);
    expect((await put('mine')).status).toBe(200);
    expect((await json('/api/scenarios/mine')).body.source).toBe('// mine');
  });

  it('answers errors in the documented shape', async () => {
    expect(await json('/api/scenarios/nope')).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'no scenario nope' } },
    });
    const bad = await json('/api/clients', { method: 'POST', body: '{"kind":"ws"}' });
    expect(bad.status).toBe(500);
    expect(bad.body.error).toMatchObject({
      code: 'INTERNAL',
      message: 'lab unavailable: not started in this test',
    });
    expect((await json('/api/nothing')).status).toBe(404);
  });

  it('refuses a request from another web site (CSRF: runs execute code)', async () => {
    const res = await json('/api/runs', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ source: 'x' }),
    });
    expect(res).toEqual({
      status: 403,
      body: { error: { code: 'FORBIDDEN_ORIGIN', message: 'Cross-origin request refused' } },
    });
  });

  it('serves the scenario API declarations for the editor', async () => {
    const res = await fetch(base + '/api/types/scenario.d.ts');
    expect(await res.text()).toContain("declare module '@pulseboard/netlab/scenario'");
  });

  it('streams a snapshot first on /api/stream', async () => {
    const ws = new WebSocket(base.replace('http', 'ws') + '/api/stream');
    const first = await new Promise<Record<string, unknown>>((r) =>
      ws.once('message', (d) => r(JSON.parse(String(d)))),
    );
    ws.close();
    expect(first.type).toBe('snapshot');
    expect(first.lab).toMatchObject({ clients: [] });
    expect(Array.isArray(first.recent)).toBe(true);
  });

  it('proxies panels of lab users only, and refuses other upgrades', async () => {
    expect(await json('/panel/nobody/api/state')).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'no lab user nobody' } },
    });
    const upgrade = (path: string) =>
      new Promise<number>((r) => {
        const ws = new WebSocket(base.replace('http', 'ws') + path);
        ws.on('unexpected-response', (_q, res) => r(res.statusCode ?? 0));
        ws.on('error', () => undefined);
      });
    expect(await upgrade('/panel/nobody/ws')).toBe(404);
    expect(await upgrade('/api/nothing')).toBe(404);
  });
});

describe('lab API on a lab without a board', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pblab-api-'));
  const server = createApiServer({
    lab: new Lab({ prefix: 'pbx' }),
    store: new ScenarioStore(join(dir, 'builtin'), join(dir, 'user')),
    uiDir: join(dir, 'ui'),
    resultsDir: join(dir, 'results'),
  });
  beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)));
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('"Add" before "Start board" is a 409 that says what to do, not a 500', async () => {
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'ws', count: 1 }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'BOARD_NOT_RUNNING', message: 'Start the board before adding clients' },
    });
  });
});
