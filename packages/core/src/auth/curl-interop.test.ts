// Interop with the real curl binary: the authenticator behind a tiny node:http server.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './authenticator.js';
import { openUserStore, type UserStore } from './user-store.js';

let dir: string;
let users: UserStore;
const servers: Server[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pb-curl-'));
  users = openUserStore({ dataDir: dir, scrypt: { N: 1024, r: 8, p: 1, keylen: 32 } });
  await users.add('alice', 'wonder land:1', 'admin');
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

async function serve(
  options: Partial<AuthenticatorOptions> & { onResult?: (n: number) => void } = {},
): Promise<{ url: string; auth: Authenticator; seen: string[]; sent: (string | undefined)[] }> {
  const { onResult, ...authOptions } = options;
  const auth = createAuthenticator({ users, ...authOptions });
  const seen: string[] = [];
  const sent: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    sent.push(req.headers.authorization);
    void auth
      .authenticate({
        method: req.method ?? 'GET',
        uri: req.url ?? '/',
        authorization: req.headers.authorization,
        remote: req.socket.remoteAddress ?? '',
      })
      .then((r) => {
        seen.push(r.ok ? ['ok', r.scheme, r.algorithm].filter(Boolean).join(':') : `${r.status}:${r.reason}`);
        if (seen.length === 1) onResult?.(seen.length); // e.g. let the first nonce expire
        if (r.ok) {
          res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${r.user.name} (${r.user.role})`);
        } else res.writeHead(r.status, r.headers as Record<string, string | string[]>).end(r.code);
      });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/state?x=1`,
    auth,
    seen,
    sent,
  };
}

function curl(args: string[]): Promise<{ status: number; body: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-sS', '-w', '\n%{http_code}', ...args], { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err && !stdout) return reject(err);
      const lines = stdout.split('\n');
      resolve({ status: Number(lines.pop()), body: lines.join('\n'), stderr });
    });
  });
}

describe('curl interop', () => {
  it('curl --digest uses the first (SHA-256) challenge and gets in', async () => {
    const { url, seen } = await serve();
    const r = await curl(['--digest', '-u', 'alice:wonder land:1', url]);
    expect(r).toMatchObject({ status: 200, body: 'hello alice (admin)' });
    expect(seen).toEqual(['401:missing', 'ok:digest:SHA-256']);
  });

  it('curl --digest with MD5 only', async () => {
    const { url, seen } = await serve({ digestAlgorithms: ['MD5'] });
    const r = await curl(['--digest', '-u', 'alice:wonder land:1', url]);
    expect(r).toMatchObject({ status: 200, body: 'hello alice (admin)' });
    expect(seen).toEqual(['401:missing', 'ok:digest:MD5']);
  });

  it('curl retries silently after stale=true (nonce expired between challenge and answer)', async () => {
    let t = 1_700_000_000_000;
    const { url, seen } = await serve({ nonceTtlMs: 1000, now: () => t, onResult: () => (t += 5000) });
    const r = await curl(['--digest', '-u', 'alice:wonder land:1', url]);
    expect(r.status).toBe(200);
    expect(seen).toEqual(['401:missing', '401:stale-nonce', 'ok:digest:SHA-256']);
  });

  it('a captured curl Authorization header replayed verbatim is refused (nonce-count reuse)', async () => {
    const { url, seen, sent } = await serve();
    expect((await curl(['--digest', '-u', 'alice:wonder land:1', url])).status).toBe(200);
    const captured = sent.at(-1)!;
    expect(captured).toMatch(/^Digest .*nc=00000001/);
    expect((await curl(['-H', `Authorization: ${captured}`, url])).status).toBe(401);
    expect(seen.at(-1)).toBe('401:nonce-replayed');
  });

  it('curl --digest with a wrong password gets 401', async () => {
    const { url, seen } = await serve();
    const r = await curl(['--digest', '-u', 'alice:wrong', url]);
    expect(r.status).toBe(401);
    expect(seen).toEqual(['401:missing', '401:bad-credentials']);
  });

  it('curl --basic, and Basic switched off', async () => {
    const on = await serve();
    expect(await curl(['--basic', '-u', 'alice:wonder land:1', on.url])).toMatchObject({ status: 200 });
    const off = await serve({ allowBasic: false });
    expect(await curl(['--basic', '-u', 'alice:wonder land:1', off.url])).toMatchObject({ status: 401 });
    expect(off.seen).toEqual(['401:basic-disabled']);
  });

  it('curl --anyauth picks Digest', async () => {
    const { url, seen } = await serve();
    expect(await curl(['--anyauth', '-u', 'alice:wonder land:1', url])).toMatchObject({ status: 200 });
    expect(seen.at(-1)).toBe('ok:digest:SHA-256');
  });

  it('locks curl out after repeated wrong passwords (429 + Retry-After)', async () => {
    const { url } = await serve({ lockout: { maxFailures: 2, windowMs: 60_000, lockoutMs: 60_000 } });
    expect((await curl(['--digest', '-u', 'alice:bad', url])).status).toBe(401);
    expect((await curl(['--digest', '-u', 'alice:bad', url])).status).toBe(429);
    const r = await curl(['--digest', '-i', '-u', 'alice:wonder land:1', url]);
    expect(r.status).toBe(429);
    expect(r.body).toMatch(/retry-after: 60/i);
  });
});
