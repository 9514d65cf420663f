// Interop with Chromium's own Digest implementation (Debian chromium via Playwright
// httpCredentials, which answers challenges the way the login prompt does).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, type AuthenticatorOptions } from './authenticator.js';
import { openUserStore, type UserStore } from './user-store.js';

const executablePath = process.env.PULSEBOARD_CHROMIUM ?? '/usr/bin/chromium';
let dir: string;
let users: UserStore;
let browser: Browser;
const servers: Server[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pb-chromium-'));
  users = openUserStore({ dataDir: dir, scrypt: { N: 1024, r: 8, p: 1, keylen: 32 } });
  await users.add('alice', 'wonderland', 'operator');
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

async function serve(options: Partial<AuthenticatorOptions> = {}) {
  const auth = createAuthenticator({ users, ...options });
  const seen: string[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(404).end();
    void auth
      .authenticate({
        method: req.method ?? 'GET',
        uri: req.url ?? '/',
        authorization: req.headers.authorization,
        remote: req.socket.remoteAddress ?? '',
      })
      .then((r) => {
        seen.push(
          r.ok ? `${req.url} ok:${r.scheme}:${r.algorithm ?? ''}` : `${req.url} ${r.status}:${r.reason}`,
        );
        if (r.ok) res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>hello ${r.user.name}</p>`);
        else res.writeHead(r.status, r.headers as Record<string, string[]>).end('denied');
      });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function page(password = 'wonderland') {
  const context = await browser.newContext({ httpCredentials: { username: 'alice', password } });
  return { page: await context.newPage(), close: () => context.close() };
}

describe.skipIf(!existsSync(executablePath))('Chromium interop', () => {
  it('logs in with Digest SHA-256 and reuses the nonce with increasing nc (no more 401s)', async () => {
    const { origin, seen } = await serve();
    const { page: p, close } = await page();
    expect((await p.goto(`${origin}/a`))?.status()).toBe(200);
    expect(await p.textContent('p')).toBe('hello alice');
    expect((await p.goto(`${origin}/b?x=1`))?.status()).toBe(200);
    expect(await p.evaluate(async () => (await fetch('/c')).status)).toBe(200);
    expect(seen).toEqual([
      '/a 401:missing',
      '/a ok:digest:SHA-256',
      '/b?x=1 ok:digest:SHA-256',
      '/c ok:digest:SHA-256',
    ]);
    await close();
  });

  it('logs in with Digest MD5 when only MD5 is offered', async () => {
    const { origin, seen } = await serve({ digestAlgorithms: ['MD5'], allowBasic: false });
    const { page: p, close } = await page();
    expect((await p.goto(`${origin}/a`))?.status()).toBe(200);
    expect(seen).toEqual(['/a 401:missing', '/a ok:digest:MD5']);
    await close();
  });

  it('retries silently with a new nonce after stale=true', async () => {
    let t = 1_700_000_000_000;
    const { origin, seen } = await serve({ nonceTtlMs: 60_000, now: () => t });
    const { page: p, close } = await page();
    expect((await p.goto(`${origin}/a`))?.status()).toBe(200);
    t += 120_000; // the nonce Chromium cached has expired
    expect((await p.goto(`${origin}/b`))?.status()).toBe(200);
    expect(seen).toEqual([
      '/a 401:missing',
      '/a ok:digest:SHA-256',
      '/b 401:stale-nonce',
      '/b ok:digest:SHA-256',
    ]);
    await close();
  });

  it('a wrong password ends in 401', async () => {
    const { origin, seen } = await serve();
    const { page: p, close } = await page('nope');
    expect((await p.goto(`${origin}/a`))?.status()).toBe(401);
    expect(seen).toContain('/a 401:bad-credentials');
    await close();
  });
});
