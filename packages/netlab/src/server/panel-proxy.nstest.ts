import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Lab } from '../lab.js';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { builtinScenarioDir, labRunsDir } from '../util/paths.js';
import { createApiServer } from './api.js';
import { ScenarioStore } from './scenario-store.js';

interface Line {
  name: string;
  direction: 'in' | 'out';
  value: 0 | 1 | null;
}

// The board's real panel through the lab server's /panel/<user>/ proxy: the board runs in its
// own namespace, the lab signs in as the user, the browser (here: fetch and ws) sends nothing.
describeAsRoot('panel proxy', () => {
  const lab = new Lab({ prefix: 'pbx' });
  const results = mkdtempSync(join(tmpdir(), 'pbx-panel-'));
  const userDir = join(labRunsDir, `pbx-panel-user-${process.pid}`);
  const server = createApiServer({
    lab,
    store: new ScenarioStore(builtinScenarioDir, userDir),
    uiDir: join(results, 'ui'),
    resultsDir: results,
  });
  let base = '';
  const open: WebSocket[] = [];

  beforeAll(async () => {
    await lab.start();
    await lab.startBoard();
    await lab.addClients({ kind: 'http', user: 'alice' });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    for (const ws of open) ws.terminate();
    server.close();
    await lab.stop();
    rmSync(results, { recursive: true, force: true });
    rmSync(userDir, { recursive: true, force: true });
  });

  /** Opens the panel's WebSocket as a framed page would (Origin: the lab). */
  const connect = (path: string) => {
    const ws = new WebSocket(base.replace('http', 'ws') + path, { origin: base });
    open.push(ws);
    const messages: Record<string, unknown>[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Record<string, unknown>));
    return { ws, messages };
  };
  const until = async (ok: () => boolean, ms = 5000) => {
    for (const end = Date.now() + ms; !ok() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
    return ok();
  };

  it('lists each lab user’s panel in GET /api/lab', async () => {
    const body = (await (await fetch(base + '/api/lab')).json()) as { board: { panels: unknown } };
    expect(body.board.panels).toEqual([{ user: 'alice', url: '/panel/alice/' }]);
  });

  it('serves the panel page framable by the lab only, its assets under the prefix', async () => {
    const res = await fetch(base + '/panel/alice/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("'none'; frame-ancestors");
    expect(csp).not.toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'"); // the rest of the board's policy is kept
    expect(res.headers.get('www-authenticate')).toBeNull();
    // The page is the board's own (the panel's build uses relative URLs): every asset it names
    // resolves under the prefix, as a browser resolves it against the page, and loads.
    const page = base + '/panel/alice/';
    const html = await res.text();
    const refs = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!, page));
    expect(refs.map((u) => u.pathname)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/panel\/alice\/assets\/.+\.js$/)]),
    );
    for (const u of refs) {
      expect(u.pathname.startsWith('/panel/alice/')).toBe(true);
      const asset = await fetch(u);
      expect(asset.status, u.pathname).toBe(200);
      if (u.pathname.endsWith('.js')) expect(asset.headers.get('content-type')).toMatch(/javascript/);
    }
    // Without the trailing slash relative URLs would miss the prefix: redirect.
    const bare = await fetch(base + '/panel/alice', { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/panel/alice/');
  });

  it('answers the API as the lab user without credentials from the browser', async () => {
    const res = await fetch(base + '/panel/alice/api/state');
    expect(res.status).toBe(200);
    const state = (await res.json()) as { lines: Line[] };
    expect(state.lines.some((l) => l.direction === 'out')).toBe(true);
    // Many requests in a row reuse the board's nonce (nc + 1 each), in parallel too.
    const all = await Promise.all(Array.from({ length: 20 }, () => fetch(base + '/panel/alice/api/state')));
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
  });

  it('carries the WebSocket both ways and the board’s events through it', async () => {
    const { ws, messages } = connect('/panel/alice/ws');
    expect(await until(() => messages.some((m) => m.type === 'hello'))).toBe(true);
    const hello = messages.find((m) => m.type === 'hello') as { you: { user?: string; name?: string } };
    expect(JSON.stringify(hello.you)).toContain('alice');
    const { lines } = (await (await fetch(base + '/panel/alice/api/state')).json()) as { lines: Line[] };
    const line = lines.find((l) => l.direction === 'out')!;
    const value = line.value === 1 ? 0 : 1;
    const post = await fetch(`${base}/panel/alice/api/lines/${line.name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ value }),
    });
    expect(post.status).toBeLessThan(300);
    const changed = () =>
      messages.some((m) => {
        const l = m.line as Line | undefined;
        return m.type === 'state' && l?.name === line.name && l.value === value;
      });
    expect(await until(changed)).toBe(true);
    // And the browser's own messages reach the board (the panel's ping is answered).
    ws.send(JSON.stringify({ type: 'ping', t: 42 }));
    expect(await until(() => messages.some((m) => m.type === 'pong' && m.t === 42))).toBe(true);
    ws.close();
  });

  it('closing the panel is no detection on the lab user’s own client', async () => {
    const [alice] = lab.listClients();
    expect(await until(() => lab.client(alice!.id)?.state === 'connected', 10_000)).toBe(true);
    const since = lab.events.length;
    const { ws, messages } = connect('/panel/alice/ws');
    expect(await until(() => messages.some((m) => m.type === 'hello'))).toBe(true);
    // The board logs the close (cause fin) of a connection from the lab's uplink address.
    ws.close();
    await new Promise((r) => setTimeout(r, 1500));
    expect(lab.events.slice(since).filter((e) => e.type === 'detected')).toEqual([]);
    expect(lab.client(alice!.id)?.state).toBe('connected');
  });

  it('streams the SSE endpoint', async () => {
    const ac = new AbortController();
    const res = await fetch(base + '/panel/alice/api/events', { signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toMatch(/data:|event:|:/);
    ac.abort();
  });

  it('serves lab users only', async () => {
    for (const path of ['/panel/mallory/', '/panel/mallory/api/state', '/panel/lab/api/state']) {
      const res = await fetch(base + path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
    const { ws } = connect('/panel/mallory/ws');
    const status = await new Promise<number>((r) => {
      ws.on('unexpected-response', (_q, res) => r(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(404);
  });

  it('refuses a panel WebSocket opened by another web site', async () => {
    const ws = new WebSocket(base.replace('http', 'ws') + '/panel/alice/ws', {
      origin: 'https://evil.example',
    });
    open.push(ws);
    const status = await new Promise<number>((r) => {
      ws.on('unexpected-response', (_q, res) => r(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });
});
