import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthenticator, openUserStore } from '@pulseboard/core/auth/index';
import { afterAll, describe, expect, it } from 'vitest';
import { labPassword } from '../controller/board.js';
import { BoardAuth } from './board-auth.js';
import { frameableCsp, matchPanel, panelPath } from './panel-proxy.js';

// The proxy's pure parts and its sign-in, against the real authenticator (no sockets).
describe('panel proxy rules', () => {
  it('maps a user to its prefix and back', () => {
    expect(panelPath('we ird/x')).toBe('/panel/we%20ird%2Fx/');
    expect(matchPanel('/panel/we%20ird%2Fx/api/state')).toEqual({ user: 'we ird/x', rest: '/api/state' });
    expect(matchPanel('/panel/alice')).toEqual({ user: 'alice', rest: '' });
    expect(matchPanel('/panel/alice/')).toEqual({ user: 'alice', rest: '/' });
    expect(matchPanel('/panel/')).toBeUndefined();
    expect(matchPanel('/panel/%E0%A4%A/')).toBeUndefined();
    expect(matchPanel('/api/lab')).toBeUndefined();
  });

  it("lets the lab frame the panel and keeps the rest of the board's policy", () => {
    expect(frameableCsp("default-src 'self'; frame-ancestors 'none'; base-uri 'none'")).toBe(
      "default-src 'self'; base-uri 'none'; frame-ancestors 'self'",
    );
    expect(frameableCsp(undefined)).toBe("frame-ancestors 'self'");
  });
});

describe('BoardAuth', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pblab-auth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const setup = async (allowBasic = true, digestAlgorithms?: ('SHA-256' | 'MD5')[]) => {
    const users = openUserStore({ dataDir: dir, scrypt: { N: 1024, r: 8, p: 1, keylen: 32 } });
    if (!users.get('alice')) await users.add('alice', labPassword('alice'), 'operator');
    return createAuthenticator({ users, allowBasic, ...(digestAlgorithms ? { digestAlgorithms } : {}) });
  };
  const req = { method: 'GET', uri: '/api/state', remote: '10.0.0.1' };

  it('answers the challenge with Digest SHA-256 and reuses the nonce with a rising nc', async () => {
    const board = await setup();
    const auth = new BoardAuth();
    expect(auth.header('alice', 'GET', '/api/state')).toBeUndefined();
    const first = await board.authenticate({ ...req, authorization: undefined });
    expect(first.ok).toBe(false);
    expect(
      auth.learn(
        'alice',
        (first as { headers: { 'WWW-Authenticate': string[] } }).headers['WWW-Authenticate'],
      ),
    ).toBe(true);
    for (const nc of ['00000001', '00000002', '00000003']) {
      const authorization = auth.header('alice', 'GET', '/api/state')!;
      expect(authorization).toMatch(/^Digest username="alice".*algorithm=SHA-256/);
      expect(authorization).toContain(`nc=${nc}`);
      expect(await board.authenticate({ ...req, authorization })).toMatchObject({
        ok: true,
        scheme: 'digest',
      });
    }
  });

  it('falls back to MD5, then to Basic, and refuses a board that offers neither', async () => {
    const md5 = await setup(true, ['MD5']);
    const auth = new BoardAuth();
    const c = (await md5.authenticate({ ...req, authorization: undefined })) as {
      headers: { 'WWW-Authenticate': string[] };
    };
    auth.learn('alice', c.headers['WWW-Authenticate']);
    const digest = auth.header('alice', 'GET', '/api/state')!;
    expect(digest).toContain('algorithm=MD5');
    expect(await md5.authenticate({ ...req, authorization: digest })).toMatchObject({ ok: true });

    expect(auth.learn('alice', ['Basic realm="pulseboard"'])).toBe(true);
    const basic = auth.header('alice', 'GET', '/api/state')!;
    expect(basic).toMatch(/^Basic /);
    expect(await md5.authenticate({ ...req, authorization: basic })).toMatchObject({
      ok: true,
      scheme: 'basic',
    });
    expect(new BoardAuth().learn('alice', ['Bearer realm="x"'])).toBe(false);
    expect(new BoardAuth().learn('alice', undefined)).toBe(false);
  });
});
