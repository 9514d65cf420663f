import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PulseboardError } from '../errors.js';
import { digestHa1 } from './digest.js';
import type * as Password from './password.js';
import { verifyPasswordHash } from './password.js';
import { openUserStore } from './user-store.js';

// Counted, to see when a password check really ran scrypt.
vi.mock('./password.js', async (original) => {
  const real = await original<typeof Password>();
  return { ...real, verifyPasswordHash: vi.fn(real.verifyPasswordHash) };
});
const scryptChecks = vi.mocked(verifyPasswordHash);

const fast = { N: 1024, r: 8, p: 1, keylen: 32 };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pb-users-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('user store', () => {
  it('adds users with scrypt hash and digest HA1s, file 0600, no clear password', async () => {
    const users = openUserStore({ dataDir: join(dir, 'data'), scrypt: fast });
    await users.add('alice', 'correct horse', 'operator');
    const text = readFileSync(users.file, 'utf8');
    expect(text).not.toContain('correct horse');
    expect(statSync(users.file).mode & 0o777).toBe(0o600);
    const record = JSON.parse(text).users.alice;
    expect(record.password).toMatchObject({ algo: 'scrypt', N: 1024, r: 8, p: 1, keylen: 32 });
    expect(record.digest.MD5).toBe(digestHa1('MD5', 'alice', 'pulseboard', 'correct horse'));
    expect(users.digestHa1('alice', 'pulseboard', 'SHA-256')).toBe(
      digestHa1('SHA-256', 'alice', 'pulseboard', 'correct horse'),
    );
    expect(users.digestHa1('alice', 'other-realm', 'SHA-256')).toBeUndefined();
    expect(users.list()).toEqual([
      { name: 'alice', role: 'operator', createdAt: expect.any(String), updatedAt: expect.any(String) },
    ]);
  });

  it('verifies passwords; unknown users and wrong passwords give null', async () => {
    const users = openUserStore({ dataDir: dir, scrypt: fast });
    await users.add('alice', 'pw1', 'viewer');
    expect(await users.verifyPassword('alice', 'pw1')).toEqual({ name: 'alice', role: 'viewer' });
    expect(await users.verifyPassword('alice', 'pw2')).toBeNull();
    expect(await users.verifyPassword('bob', 'pw1')).toBeNull();
    expect(await users.verifyPassword('__proto__', 'x')).toBeNull();
  });

  it('a password that passed is taken without scrypt until it changes; wrong ones always pay', async () => {
    let t = 0;
    const users = openUserStore({
      dataDir: dir,
      scrypt: fast,
      rememberLogins: { ttlMs: 60_000, max: 8, now: () => t },
    });
    await users.add('alice', 'pw1', 'viewer');
    scryptChecks.mockClear();
    expect(await users.verifyPassword('alice', 'pw1')).toEqual({ name: 'alice', role: 'viewer' });
    expect(await users.verifyPassword('alice', 'pw1')).toEqual({ name: 'alice', role: 'viewer' });
    expect(scryptChecks).toHaveBeenCalledTimes(1);
    users.setRole('alice', 'operator'); // the role is read fresh each time
    expect(await users.verifyPassword('alice', 'pw1')).toEqual({ name: 'alice', role: 'operator' });
    expect(await users.verifyPassword('alice', 'wrong')).toBeNull();
    expect(await users.verifyPassword('alice', 'wrong')).toBeNull();
    expect(scryptChecks).toHaveBeenCalledTimes(3);
    await users.passwd('alice', 'pw2');
    expect(await users.verifyPassword('alice', 'pw1')).toBeNull();
    expect(await users.verifyPassword('alice', 'pw2')).not.toBeNull();
    t += 60_000; // remembered no longer: checked again
    scryptChecks.mockClear();
    expect(await users.verifyPassword('alice', 'pw2')).not.toBeNull();
    expect(scryptChecks).toHaveBeenCalledTimes(1);
    users.remove('alice');
    expect(await users.verifyPassword('alice', 'pw2')).toBeNull();
  });

  it('uses a fresh salt per user', async () => {
    const users = openUserStore({ dataDir: dir, scrypt: fast });
    await users.add('a', 'same', 'viewer');
    await users.add('b', 'same', 'viewer');
    const file = JSON.parse(readFileSync(users.file, 'utf8'));
    expect(file.users.a.password.salt).not.toBe(file.users.b.password.salt);
    expect(file.users.a.password.hash).not.toBe(file.users.b.password.hash);
  });

  it('passwd, setRole and remove; errors for unknown and duplicate users', async () => {
    const users = openUserStore({ dataDir: dir, scrypt: fast });
    await users.add('alice', 'old', 'viewer');
    await expect(users.add('alice', 'x', 'viewer')).rejects.toMatchObject({ code: 'USER_EXISTS' });
    await users.passwd('alice', 'new');
    expect(await users.verifyPassword('alice', 'old')).toBeNull();
    expect(await users.verifyPassword('alice', 'new')).not.toBeNull();
    expect(users.digestHa1('alice', 'pulseboard', 'MD5')).toBe(
      digestHa1('MD5', 'alice', 'pulseboard', 'new'),
    );
    users.setRole('alice', 'admin');
    expect(users.get('alice')).toEqual({ name: 'alice', role: 'admin' });
    users.remove('alice');
    expect(users.get('alice')).toBeUndefined();
    expect(() => users.remove('alice')).toThrow(PulseboardError);
    await expect(users.passwd('ghost', 'x')).rejects.toMatchObject({ code: 'USER_UNKNOWN' });
  });

  it('validates names, roles and passwords with clear messages', async () => {
    const users = openUserStore({ dataDir: dir, scrypt: fast });
    await expect(users.add('a:b', 'pw', 'viewer')).rejects.toThrow(
      'Invalid user name "a:b": use 1-32 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
    await expect(users.add('a"b', 'pw', 'viewer')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(users.add('', 'pw', 'viewer')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(users.add('x'.repeat(33), 'pw', 'viewer')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(users.add(42 as unknown as string, 'pw', 'viewer')).rejects.toThrow(
      new TypeError('User name must be a string'),
    );
    await expect(users.add('ok', 'pw', 'root' as 'admin')).rejects.toThrow(
      'Invalid role "root": use admin, operator or viewer',
    );
    await expect(users.add('ok', '', 'viewer')).rejects.toThrow('Password must not be empty');
    await expect(users.add('ok', 'x'.repeat(1025), 'viewer')).rejects.toThrow(
      'Password must be at most 1024 characters',
    );
    expect(users.list()).toEqual([]);
  });

  it('sees changes another process wrote (e.g. the CLI)', async () => {
    const server = openUserStore({ dataDir: dir, scrypt: fast });
    expect(server.get('alice')).toBeUndefined();
    const cli = openUserStore({ dataDir: dir, scrypt: fast });
    await cli.add('alice', 'pw', 'operator');
    expect(server.get('alice')).toEqual({ name: 'alice', role: 'operator' });
  });

  it('refuses a file that is not a users file', () => {
    writeFileSync(join(dir, 'users.json'), '{"hello":1}');
    const users = openUserStore({ dataDir: dir });
    expect(() => users.list()).toThrow(/is not a Pulseboard users file/);
    writeFileSync(join(dir, 'users.json'), '{"version": 1, "users": {');
    expect(() => users.get('a')).toThrow(
      expect.objectContaining({ code: 'INTERNAL', message: `${users.file} is not valid JSON` }),
    );
  });

  it('validates options', () => {
    expect(() => openUserStore({ dataDir: '' })).toThrow(
      new TypeError('options.dataDir must be a non-empty string'),
    );
    expect(() => openUserStore({ dataDir: dir, realm: 'a"b' })).toThrow(
      new TypeError('options.realm must be a non-empty string without quotes, backslashes or newlines'),
    );
  });
});
