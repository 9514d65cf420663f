import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness.js';

const run = promisify(execFile);

describe('authentication', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('answers every unauthenticated request with 401 and Digest + Basic challenges', async () => {
    for (const path of ['/', '/api/state', '/metrics', '/healthz', '/assets/app-abc123.js', '/nope']) {
      const res = await fetch(t.url + path);
      expect(res.status, path).toBe(401);
      const challenges = res.headers.get('www-authenticate') ?? '';
      expect(challenges).toContain('Digest realm="pulseboard"');
      expect(challenges).toContain('algorithm=SHA-256');
      expect(challenges).toContain('algorithm=MD5');
      expect(challenges).toContain('Basic realm="pulseboard"');
      expect(await res.text()).not.toContain('board');
    }
  });

  it('accepts Basic with the right password and refuses a wrong one', async () => {
    expect((await fetch(`${t.url}/api/state`, { headers: { Authorization: t.basic('alice') } })).status).toBe(
      200,
    );
    const wrong = `Basic ${Buffer.from('alice:nope').toString('base64')}`;
    expect((await fetch(`${t.url}/api/state`, { headers: { Authorization: wrong } })).status).toBe(401);
  });

  it('interoperates with the real curl --digest (SHA-256 or MD5, qop=auth)', async () => {
    const { stdout } = await run('curl', [
      '-sS',
      '--digest',
      '-u',
      'alice:alice-pw',
      '-w',
      '\\n%{http_code}',
      `${t.url}/api/state`,
    ]);
    const [body, code] = stdout.split('\n');
    expect(code).toBe('200');
    expect(JSON.parse(body ?? '{}')).toMatchObject({ board: 'sim' });
    const bad = await run('curl', [
      '-sS',
      '--digest',
      '-u',
      'alice:wrong',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      `${t.url}/api/state`,
    ]);
    expect(bad.stdout).toBe('401');
  });

  it('interoperates with curl --digest on a POST with a body', async () => {
    const { stdout } = await run('curl', [
      '-sS',
      '--digest',
      '-u',
      'bob:bob-pw',
      '-H',
      'Content-Type: application/json',
      '-d',
      '{"value":1}',
      '-w',
      '\n%{http_code}',
      `${t.url}/api/lines/lights`,
    ]);
    expect(stdout.split('\n').at(-1)).toBe('200');
  });
});

describe('authentication with --no-basic', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ basic: false });
  });
  afterAll(() => t.close());

  it('offers Digest only and refuses Basic credentials', async () => {
    const res = await fetch(`${t.url}/api/state`, { headers: { Authorization: t.basic('alice') } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).not.toContain('Basic');
  });
});

describe('sign-in pages for people, JSON for programs', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());
  const html = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  const wrong = `Basic ${Buffer.from('alice:nope').toString('base64')}`;

  it('a browser gets a small HTML page with the challenge; an API client keeps the JSON error', async () => {
    const first = await fetch(`${t.url}/`, { headers: html });
    expect(first.status).toBe(401);
    expect(first.headers.get('www-authenticate')).toContain('Digest');
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(await first.text()).toContain('<h1>Sign in to Pulseboard</h1>');
    const bad = await fetch(`${t.url}/`, { headers: { ...html, Authorization: wrong } });
    expect(bad.status).toBe(401);
    const page = await bad.text();
    expect(page).toContain('The user name or password was not accepted');
    // Its one inline style is allowed by hash, nothing else inline.
    const csp = bad.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    const api = await fetch(`${t.url}/api/state`, { headers: { Authorization: wrong } });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
  });

  it('Switch user: a fresh challenge while the old credentials come back, the panel once they differ', async () => {
    const same = await fetch(`${t.url}/signout?from=alice`, {
      headers: { ...html, Authorization: t.basic('alice') },
    });
    expect(same.status).toBe(401);
    expect(same.headers.get('www-authenticate')).toContain('Digest');
    expect(await same.text()).toContain('You are signed out');
    const other = await fetch(`${t.url}/signout?from=alice`, {
      headers: { ...html, Authorization: t.basic('bob') },
      redirect: 'manual',
    });
    expect(other.status).toBe(303);
    expect(other.headers.get('location')).toBe('./');
  });

  it('after too many wrong passwords: 429 with the wait, as a page and as JSON', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 8; i++) {
      res = await fetch(`${t.url}/`, { headers: { ...html, Authorization: wrong } });
      if (res.status === 429) break;
    }
    expect(res?.status).toBe(429);
    const wait = Number(res?.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(await res?.text()).toContain(`paused for <strong>${wait} seconds</strong>`);
    const api = await fetch(`${t.url}/api/state`, { headers: { Authorization: wrong } });
    expect(api.status).toBe(429);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('AUTH_LOCKED_OUT');
  });
});
