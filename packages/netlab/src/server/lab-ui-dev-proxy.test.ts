import { createServer as createHttpServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { repoRoot } from '../util/paths.js';

// `npx vite apps/lab-ui` (the lab UI's dev server) forwards what the lab server answers: the lab
// API with its /api/stream WebSocket, and the framed control panel /panel/<user>/ with its /ws.
// A stand-in lab server records what reaches it.
describe('lab UI dev server proxy', () => {
  const seen: string[] = [];
  const upgrades: string[] = [];
  const lab = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`lab ${req.url}`);
  });
  lab.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    upgrades.push(req.url ?? '');
    socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
  });
  let vite: ViteDevServer;
  let base = '';
  const saved = process.env.PULSEBOARD_LAB_URL;

  beforeAll(async () => {
    await new Promise<void>((r) => lab.listen(0, '127.0.0.1', r));
    process.env.PULSEBOARD_LAB_URL = `http://127.0.0.1:${(lab.address() as AddressInfo).port}`;
    vite = await createViteServer({
      configFile: join(repoRoot, 'apps/lab-ui/vite.config.ts'),
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
      logLevel: 'silent',
      clearScreen: false,
    });
    await vite.listen();
    base = `http://127.0.0.1:${(vite.httpServer!.address() as AddressInfo).port}`;
  }, 30_000);
  afterAll(async () => {
    await vite?.close();
    lab.close();
    if (saved === undefined) delete process.env.PULSEBOARD_LAB_URL;
    else process.env.PULSEBOARD_LAB_URL = saved;
  });

  /** Status of a WebSocket upgrade through the dev server (101 when it reached the lab). */
  const upgrade = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(base + path, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
        },
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.setTimeout(3000, () => req.destroy(new Error(`no answer to the upgrade of ${path}`)));
      req.end();
    });

  it('forwards the framed panel: page, assets, API', async () => {
    for (const path of ['/panel/alice/', '/panel/alice/assets/index-x.js', '/panel/we%20ird/api/state']) {
      const res = await fetch(base + path);
      expect(await res.text()).toBe(`lab ${path}`);
    }
    expect(seen).toEqual(expect.arrayContaining(['GET /panel/alice/', 'GET /panel/alice/assets/index-x.js']));
  });

  it('forwards the panel’s WebSocket and the lab stream', async () => {
    expect(await upgrade('/panel/alice/ws')).toBe(101);
    expect(await upgrade('/api/stream')).toBe(101);
    expect(upgrades).toEqual(['/panel/alice/ws', '/api/stream']);
  });
});
