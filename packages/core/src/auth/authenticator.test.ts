import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, type AuthenticatorOptions } from './authenticator.js';
import { digestAuthorization, pickChallenge } from './digest-client.js';
import { openUserStore, type UserStore } from './user-store.js';

let dir: string;
let users: UserStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pb-auth-'));
  users = openUserStore({ dataDir: dir, scrypt: { N: 1024, r: 8, p: 1, keylen: 32 } });
  await users.add('alice', 'wonderland', 'operator');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(extra: Partial<AuthenticatorOptions> = {}) {
  let t = 1_700_000_000_000;
  const auth = createAuthenticator({ users, now: () => t, ...extra });
  return { auth, advance: (ms: number) => (t += ms) };
}

/** An authenticator that counts the password checks (scrypt) it runs. */
function countingScrypt(lockout: AuthenticatorOptions['lockout']) {
  let verified = 0;
  const auth = createAuthenticator({
    users: {
      realm: users.realm,
      get: (n) => users.get(n),
      digestHa1: (...a) => users.digestHa1(...a),
      verifyPassword: async (n, p) => {
        verified += 1;
        return users.verifyPassword(n, p);
      },
    },
    lockout,
  });
  return { auth, verified: () => verified };
}

const req = { method: 'GET', uri: '/api/state', remote: '10.0.0.1' };
const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;

async function challenge(auth: ReturnType<typeof setup>['auth'], algorithm: 'SHA-256' | 'MD5' = 'SHA-256') {
  const r = await auth.authenticate({ ...req, authorization: undefined });
  if (r.ok) throw new Error('expected a challenge');
  return pickChallenge(r.headers['WWW-Authenticate'], algorithm);
}

describe('authenticator', () => {
  it('answers a missing header with SHA-256, MD5 and Basic challenges', async () => {
    const { auth } = setup();
    const r = await auth.authenticate({ ...req, authorization: undefined });
    expect(r).toMatchObject({ ok: false, status: 401, code: 'AUTH_REQUIRED', reason: 'missing' });
    const h = (r as { headers: { 'WWW-Authenticate': string[] } }).headers['WWW-Authenticate'];
    expect(h).toHaveLength(3);
    expect(h[0]).toMatch(
      /^Digest realm="pulseboard", qop="auth", algorithm=SHA-256, nonce="[^"]+", opaque="[0-9a-f]+"$/,
    );
    expect(h[1]).toMatch(/^Digest .*algorithm=MD5/);
    expect(h[2]).toBe('Basic realm="pulseboard", charset="UTF-8"');
  });

  it.each(['SHA-256', 'MD5'] as const)('accepts a correct Digest %s response', async (algorithm) => {
    const { auth } = setup();
    const c = await challenge(auth, algorithm);
    const authorization = digestAuthorization({
      challenge: c,
      user: 'alice',
      password: 'wonderland',
      ...req,
    });
    expect(await auth.authenticate({ ...req, authorization })).toEqual({
      ok: true,
      user: { name: 'alice', role: 'operator' },
      scheme: 'digest',
      algorithm,
    });
  });

  it('rejects a wrong Digest password with 401 AUTH_FAILED, no stale', async () => {
    const { auth } = setup();
    const c = await challenge(auth);
    const authorization = digestAuthorization({ challenge: c, user: 'alice', password: 'nope', ...req });
    const r = await auth.authenticate({ ...req, authorization });
    expect(r).toMatchObject({ ok: false, status: 401, code: 'AUTH_FAILED', reason: 'bad-credentials' });
    expect(JSON.stringify(r)).not.toContain('stale=true');
  });

  it('rejects an unknown Digest user the same way', async () => {
    const { auth } = setup();
    const c = await challenge(auth);
    const authorization = digestAuthorization({ challenge: c, user: 'mallory', password: 'x', ...req });
    expect(await auth.authenticate({ ...req, authorization })).toMatchObject({
      status: 401,
      code: 'AUTH_FAILED',
    });
  });

  it('answers an expired nonce with stale=true when the credentials were right', async () => {
    const { auth, advance } = setup({ nonceTtlMs: 1000 });
    const c = await challenge(auth);
    advance(1001);
    const authorization = digestAuthorization({
      challenge: c,
      user: 'alice',
      password: 'wonderland',
      ...req,
    });
    const r = await auth.authenticate({ ...req, authorization });
    expect(r).toMatchObject({ ok: false, status: 401, code: 'AUTH_REQUIRED', reason: 'stale-nonce' });
    const h = (r as { headers: { 'WWW-Authenticate': string[] } }).headers['WWW-Authenticate'];
    expect(h[0]).toContain('stale=true');
    // The fresh nonce in that challenge works without asking the user again.
    const again = digestAuthorization({
      challenge: pickChallenge(h, 'SHA-256'),
      user: 'alice',
      password: 'wonderland',
      ...req,
    });
    expect((await auth.authenticate({ ...req, authorization: again })).ok).toBe(true);
  });

  it('answers a nonce from a restarted server (other secret) with stale=true', async () => {
    const before = setup();
    const c = await challenge(before.auth);
    const after = setup();
    const authorization = digestAuthorization({
      challenge: c,
      user: 'alice',
      password: 'wonderland',
      ...req,
    });
    expect(await after.auth.authenticate({ ...req, authorization })).toMatchObject({ reason: 'stale-nonce' });
  });

  it('rejects a replayed nonce-count and accepts the next one', async () => {
    const { auth } = setup();
    const c = await challenge(auth);
    const first = digestAuthorization({ challenge: c, user: 'alice', password: 'wonderland', ...req, nc: 1 });
    expect((await auth.authenticate({ ...req, authorization: first })).ok).toBe(true);
    expect(await auth.authenticate({ ...req, authorization: first })).toMatchObject({
      status: 401,
      reason: 'nonce-replayed',
    });
    const second = digestAuthorization({
      challenge: c,
      user: 'alice',
      password: 'wonderland',
      ...req,
      nc: 2,
    });
    expect((await auth.authenticate({ ...req, authorization: second })).ok).toBe(true);
  });

  it('rejects a Digest header made for another URI or method', async () => {
    const { auth } = setup();
    const c = await challenge(auth);
    const authorization = digestAuthorization({
      challenge: c,
      user: 'alice',
      password: 'wonderland',
      ...req,
    });
    expect(await auth.authenticate({ ...req, uri: '/api/audit', authorization })).toMatchObject({
      status: 401,
      reason: 'malformed',
    });
    expect(await auth.authenticate({ ...req, method: 'POST', authorization })).toMatchObject({
      status: 401,
      code: 'AUTH_FAILED',
    });
  });

  it.each([
    ['garbage', 'Digest !!!'],
    [
      'no response',
      'Digest username="alice", realm="pulseboard", nonce="n", uri="/api/state", qop=auth, nc=00000001, cnonce="c"',
    ],
    ['unknown scheme', 'Bearer abc'],
    ['userhash', 'Digest username="x", realm="pulseboard", userhash=true'],
  ])(
    'answers a malformed header (%s) with a 401 challenge and counts it as a failure (issue 12 row 11)',
    async (_l, authorization) => {
      const { auth } = setup({ lockout: { maxFailures: 2 } });
      expect(await auth.authenticate({ ...req, authorization })).toMatchObject({
        ok: false,
        status: 401,
        code: 'AUTH_REQUIRED',
      });
      // The second malformed header reaches maxFailures: the address is locked, right password or not.
      expect(await auth.authenticate({ ...req, authorization })).toMatchObject({ status: 429 });
      expect(await auth.authenticate({ ...req, authorization: basic('alice', 'wonderland') })).toMatchObject({
        status: 429,
      });
    },
  );

  it('accepts Basic, rejects a wrong Basic password, and can switch Basic off', async () => {
    const { auth } = setup();
    expect(await auth.authenticate({ ...req, authorization: basic('alice', 'wonderland') })).toEqual({
      ok: true,
      user: { name: 'alice', role: 'operator' },
      scheme: 'basic',
    });
    expect(await auth.authenticate({ ...req, authorization: basic('alice', 'wrong') })).toMatchObject({
      status: 401,
      code: 'AUTH_FAILED',
    });
    const digestOnly = setup({ allowBasic: false }).auth;
    const r = await digestOnly.authenticate({ ...req, authorization: basic('alice', 'wonderland') });
    expect(r).toMatchObject({ ok: false, status: 401, reason: 'basic-disabled' });
    const h = (r as { headers: { 'WWW-Authenticate': string[] } }).headers['WWW-Authenticate'];
    expect(h.some((x) => x.startsWith('Basic'))).toBe(false);
  });

  it('locks an address out after maxFailures (429 + Retry-After) even for the right password, then recovers', async () => {
    const { auth, advance } = setup({ lockout: { maxFailures: 3, windowMs: 10_000, lockoutMs: 30_000 } });
    expect(await auth.authenticate({ ...req, authorization: basic('alice', 'x1') })).toMatchObject({
      status: 401,
    });
    expect(await auth.authenticate({ ...req, authorization: basic('bob', 'x2') })).toMatchObject({
      status: 401,
    });
    expect(await auth.authenticate({ ...req, authorization: basic('alice', 'x3') })).toEqual({
      ok: false,
      status: 429,
      code: 'AUTH_LOCKED_OUT',
      reason: 'locked-out',
      headers: { 'Retry-After': '30' },
      attemptedUser: 'alice',
    });
    expect(await auth.authenticate({ ...req, authorization: basic('alice', 'wonderland') })).toMatchObject({
      status: 429,
    });
    // Other addresses (and the same peer seen as IPv4-mapped IPv6) are counted separately / together.
    expect(
      await auth.authenticate({
        ...req,
        remote: '::ffff:10.0.0.1',
        authorization: basic('alice', 'wonderland'),
      }),
    ).toMatchObject({ status: 429 });
    expect(
      (await auth.authenticate({ ...req, remote: '10.0.0.2', authorization: basic('alice', 'wonderland') }))
        .ok,
    ).toBe(true);
    advance(20_000);
    expect(await auth.authenticate({ ...req, authorization: undefined })).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '10' },
    });
    advance(10_000);
    expect((await auth.authenticate({ ...req, authorization: basic('alice', 'wonderland') })).ok).toBe(true);
  });

  it('is never reset by another account succeeding from the same address (issue 12 row 2)', async () => {
    const { auth } = setup({ lockout: { maxFailures: 3 } });
    const results: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await auth.authenticate({ ...req, authorization: basic('admin', `guess-${i}`) });
      results.push(r.ok ? 200 : r.status);
      // The attacker knows a viewer's password and logs in with it between guesses.
      await auth.authenticate({ ...req, authorization: basic('alice', 'wonderland') });
    }
    expect(results).toEqual([401, 401, 429, 429, 429, 429]);
  });

  it('counts parallel Basic guesses before the password check: none pass once locked (issue 12 row 3)', async () => {
    const { auth } = setup({ lockout: { maxFailures: 5 } });
    const { auth: counting, verified } = countingScrypt({ maxFailures: 5 });
    // 60 wrong guesses and the right one at #41, all at once.
    const guesses = Array.from({ length: 60 }, (_, i) => (i === 40 ? 'wonderland' : `wrong-${i}`));
    const results = await Promise.all(
      guesses.map((pw) => counting.authenticate({ ...req, authorization: basic('alice', pw) })),
    );
    expect(results[40]).toMatchObject({ ok: false, status: 429 });
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(verified()).toBe(5); // only the first five ever reached scrypt
    // Parallel right passwords (a browser loading the panel) all pass: they wait, never lock.
    const fine = await Promise.all(
      Array.from({ length: 12 }, () =>
        auth.authenticate({ ...req, remote: '10.0.0.9', authorization: basic('alice', 'wonderland') }),
      ),
    );
    expect(fine.every((r) => r.ok)).toBe(true);
  });

  it('counts parallel guesses at one account from many addresses before the password check (issue 12 row 13)', async () => {
    const { auth: counting, verified } = countingScrypt({ maxFailures: 5, accountMaxFailures: 10 });
    // 60 guesses at once, each from its own address (no address limit is ever reached), the
    // right password at #41: the account's counter alone must stop them.
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        counting.authenticate({
          ...req,
          remote: `10.3.0.${i}`,
          authorization: basic('alice', i === 40 ? 'wonderland' : `wrong-${i}`),
        }),
      ),
    );
    expect(results[40]).toMatchObject({ ok: false, status: 429, code: 'AUTH_LOCKED_OUT' });
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(verified()).toBe(10); // only the first ten ever reached scrypt
  });

  it('locks an account guessed from many addresses (issue 12 row 13)', async () => {
    const { auth, advance } = setup({ lockout: { maxFailures: 5, accountMaxFailures: 10 } });
    const statuses: number[] = [];
    // 200 guesses from 50 addresses: 4 each, under the per-address limit.
    for (let i = 0; i < 200; i++) {
      const r = await auth.authenticate({
        ...req,
        remote: `10.1.0.${i % 50}`,
        authorization: basic('alice', `guess-${i}`),
      });
      statuses.push(r.ok ? 200 : r.status);
    }
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
    expect(statuses.slice(9).every((s) => s === 429)).toBe(true);
    // The account is locked everywhere, even with the right password; another account is not.
    const right = await auth.authenticate({
      ...req,
      remote: '10.2.0.1',
      authorization: basic('alice', 'wonderland'),
    });
    expect(right).toMatchObject({ status: 429, code: 'AUTH_LOCKED_OUT' });
    advance(61_000);
    expect(
      (await auth.authenticate({ ...req, remote: '10.2.0.1', authorization: basic('alice', 'wonderland') }))
        .ok,
    ).toBe(true);
  });

  it('keeps at most 64 characters of an attempted user name (issue 12 row 11)', async () => {
    const { auth } = setup();
    const r = await auth.authenticate({ ...req, authorization: basic('x'.repeat(12_000), 'pw') });
    expect(r).toMatchObject({ status: 401, attemptedUser: 'x'.repeat(64) });
  });

  it("defaults the realm to the user store's", async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'pb-auth-realm-'));
    try {
      const store = openUserStore({
        dataDir: otherDir,
        realm: 'board-7',
        scrypt: { N: 1024, r: 8, p: 1, keylen: 32 },
      });
      await store.add('bob', 'pw', 'viewer');
      const auth = createAuthenticator({ users: store });
      expect(auth.realm).toBe('board-7');
      const c = await challenge(auth);
      const authorization = digestAuthorization({ challenge: c, user: 'bob', password: 'pw', ...req });
      expect((await auth.authenticate({ ...req, authorization })).ok).toBe(true);
      // A realm the HA1s were not made for cannot work with Digest; Basic still does.
      const other = createAuthenticator({ users: store, realm: 'elsewhere' });
      const c2 = await challenge(other);
      const a2 = digestAuthorization({ challenge: c2, user: 'bob', password: 'pw', ...req });
      expect(await other.authenticate({ ...req, authorization: a2 })).toMatchObject({ code: 'AUTH_FAILED' });
      expect((await other.authenticate({ ...req, authorization: basic('bob', 'pw') })).ok).toBe(true);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('validates options with exact messages', () => {
    const make = (o: Partial<AuthenticatorOptions>) => () => createAuthenticator({ users, ...o });
    expect(make({ users: {} as UserStore })).toThrow(new TypeError('options.users must be a user store'));
    expect(make({ nonceTtlMs: 0 })).toThrow(new TypeError('options.nonceTtlMs must be a positive integer'));
    expect(make({ lockout: { maxFailures: 1.5 } })).toThrow(
      new TypeError('options.lockout.maxFailures must be a positive integer'),
    );
    expect(make({ lockout: { windowMs: -1 } })).toThrow(
      new TypeError('options.lockout.windowMs must be a positive integer'),
    );
    expect(make({ lockout: { lockoutMs: NaN } })).toThrow(
      new TypeError('options.lockout.lockoutMs must be a positive integer'),
    );
    expect(make({ allowBasic: 'yes' as unknown as boolean })).toThrow(
      new TypeError('options.allowBasic must be a boolean'),
    );
    expect(make({ realm: '' })).toThrow(
      new TypeError('options.realm must be a non-empty string without quotes, backslashes or newlines'),
    );
    expect(make({ digestAlgorithms: ['SHA-1' as 'MD5'] })).toThrow(
      new TypeError('options.digestAlgorithms must be a non-empty array of "SHA-256" | "MD5"'),
    );
    expect(make({ secret: Buffer.alloc(8) })).toThrow(
      new TypeError('options.secret must be a Buffer of at least 32 bytes'),
    );
  });
});
