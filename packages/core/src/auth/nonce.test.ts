import { describe, expect, it } from 'vitest';
import { createNonceManager } from './nonce.js';

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('nonce manager', () => {
  it('accepts its own fresh nonces and rejects forged or altered ones', () => {
    const c = clock();
    const m = createNonceManager({ ttlMs: 1000, now: c.now });
    const nonce = m.issue();
    expect(m.check(nonce)).toEqual({ status: 'valid', issuedAt: c.now() });
    expect(m.check(nonce.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A'))).status).toBe('invalid');
    expect(m.check('nonsense').status).toBe('invalid');
    const other = createNonceManager({ ttlMs: 1000, now: c.now });
    expect(other.check(nonce).status).toBe('invalid');
  });

  it('expires nonces after ttlMs', () => {
    const c = clock();
    const m = createNonceManager({ ttlMs: 1000, now: c.now });
    const nonce = m.issue();
    c.advance(1000);
    expect(m.check(nonce).status).toBe('valid');
    c.advance(1);
    expect(m.check(nonce).status).toBe('expired');
  });

  it('rejects a nonce-count used twice and counts far behind, accepts out-of-order ones', () => {
    const c = clock();
    const m = createNonceManager({ ttlMs: 60_000, now: c.now });
    const nonce = m.issue();
    const at = c.now();
    expect(m.useCount(nonce, at, '00000001')).toBe('ok');
    expect(m.useCount(nonce, at, '00000001')).toBe('replayed');
    expect(m.useCount(nonce, at, '00000003')).toBe('ok');
    expect(m.useCount(nonce, at, '00000002')).toBe('ok'); // parallel request arriving late
    expect(m.useCount(nonce, at, '00000002')).toBe('replayed');
    expect(m.useCount(nonce, at, '00000100')).toBe('ok');
    expect(m.useCount(nonce, at, '00000004')).toBe('replayed'); // outside the 64-count window
    expect(m.useCount(nonce, at, '00000000')).toBe('replayed');
    expect(m.useCount(nonce, at, 'xyz')).toBe('replayed');
  });

  it('stays bounded and never accepts a nonce whose counts it forgot', () => {
    const c = clock();
    const m = createNonceManager({ ttlMs: 60_000, now: c.now, trackerSize: 2 });
    const a = m.issue();
    const aAt = c.now();
    c.advance(1);
    const b = m.issue();
    c.advance(1);
    const d = m.issue();
    expect(m.useCount(a, aAt, '00000001')).toBe('ok');
    expect(m.useCount(b, aAt + 1, '00000001')).toBe('ok');
    expect(m.useCount(d, aAt + 2, '00000001')).toBe('ok'); // evicts a
    expect(m.useCount(a, aAt, '00000001')).toBe('stale'); // a replay of a cannot slip through
    expect(m.useCount(a, aAt, '00000002')).toBe('stale');
  });
});
