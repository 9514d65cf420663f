import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from './safe-equal.js';

export interface NonceManagerOptions {
  ttlMs: number;
  /** HMAC key; default random per process (nonces then go stale on restart: clients retry silently). */
  secret?: Buffer;
  /** How many nonces' nonce-counts are remembered; default 10,000. */
  trackerSize?: number;
  now?: () => number;
}

export type NonceCheck =
  { status: 'valid'; issuedAt: number } | { status: 'expired' } | { status: 'invalid' };
/** `stale`: we no longer remember this nonce's counts, so it must be replaced (never accepted blindly). */
export type NonceCountCheck = 'ok' | 'replayed' | 'stale';

export interface NonceManager {
  issue(): string;
  check(nonce: string): NonceCheck;
  /** Records `nc` (hex, as sent) for a valid nonce; rejects a count already used. */
  useCount(nonce: string, issuedAt: number, nc: string): NonceCountCheck;
  readonly opaque: string;
}

// Nonces arrive slightly out of order when a browser sends parallel requests, so instead of
// "greater than the last" we accept any unused count within a sliding window (like IPsec's
// anti-replay window) and reject everything older.
const WINDOW = 64;

interface Counts {
  issuedAt: number;
  max: number;
  seen: Set<number>;
}

export function createNonceManager(options: NonceManagerOptions): NonceManager {
  const { ttlMs, secret = randomBytes(32), trackerSize = 10_000, now = Date.now } = options;
  const mac = (body: Buffer): string =>
    createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22);
  const counts = new Map<string, Counts>();
  // Nonces issued at or before this instant may have had their counts forgotten (evicted).
  let forgottenUpTo = -Infinity;

  function issue(): string {
    // timestamp (8 bytes) | random (8 bytes), then an HMAC so the server needs no table of nonces.
    const body = Buffer.alloc(16);
    body.writeBigUInt64BE(BigInt(now()), 0);
    randomBytes(8).copy(body, 8);
    return `${body.toString('base64url')}.${mac(body)}`;
  }

  function check(nonce: string): NonceCheck {
    const dot = nonce.indexOf('.');
    if (dot < 0 || nonce.length > 64) return { status: 'invalid' };
    const body = Buffer.from(nonce.slice(0, dot), 'base64url');
    if (body.length !== 16 || !safeEqual(nonce.slice(dot + 1), mac(body))) return { status: 'invalid' };
    const issuedAt = Number(body.readBigUInt64BE(0));
    const age = now() - issuedAt;
    if (age < 0 || age > ttlMs) return { status: 'expired' };
    return { status: 'valid', issuedAt };
  }

  function evictOne(): void {
    const oldest = counts.entries().next().value;
    if (!oldest) return;
    const [key, entry] = oldest;
    counts.delete(key);
    if (now() - entry.issuedAt <= ttlMs) forgottenUpTo = Math.max(forgottenUpTo, entry.issuedAt);
  }

  function useCount(nonce: string, issuedAt: number, nc: string): NonceCountCheck {
    if (!/^[0-9a-fA-F]{8}$/.test(nc)) return 'replayed';
    const value = parseInt(nc, 16);
    let entry = counts.get(nonce);
    if (!entry) {
      if (issuedAt <= forgottenUpTo) return 'stale';
      while (counts.size >= trackerSize) evictOne();
      entry = { issuedAt, max: 0, seen: new Set() };
      counts.set(nonce, entry);
    }
    if (value === 0 || value <= entry.max - WINDOW || entry.seen.has(value)) return 'replayed';
    entry.seen.add(value);
    if (value > entry.max) {
      entry.max = value;
      for (const old of entry.seen) if (old <= value - WINDOW) entry.seen.delete(old);
    }
    return 'ok';
  }

  return { issue, check, useCount, opaque: mac(Buffer.from('pulseboard-opaque')) };
}
