import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { safeEqual } from './safe-equal.js';

/** An scrypt hash with everything needed to verify it; the parameters travel with the hash. */
export interface PasswordHash {
  algo: 'scrypt';
  N: number;
  r: number;
  p: number;
  keylen: number;
  salt: string; // base64
  hash: string; // base64
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keylen: number;
}

// N=2^14, r=8: 16 MiB and ~50 ms on a Raspberry Pi 4 — the OWASP minimum, affordable per Basic login.
export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1, keylen: 32 };

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, params.keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return { algo: 'scrypt', ...params, salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function verifyPasswordHash(password: string, stored: PasswordHash): Promise<boolean> {
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored);
  return safeEqual(key.toString('base64'), stored.hash);
}
