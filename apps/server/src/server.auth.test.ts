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
