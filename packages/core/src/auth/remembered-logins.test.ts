import { describe, expect, it } from 'vitest';
import { RememberedLogins } from './remembered-logins.js';

function logins(ttlMs = 1000, max = 3) {
  let t = 0;
  const r = new RememberedLogins({ ttlMs, max, now: () => t });
  return { r, advance: (ms: number) => (t += ms) };
}

describe('remembered logins', () => {
  it('a password that passed counts until its time runs out', () => {
    const { r, advance } = logins();
    expect(r.has('ann', 'pw', 'H1')).toBe(false);
    r.remember('ann', 'pw', 'H1');
    expect(r.has('ann', 'pw', 'H1')).toBe(true);
    expect(r.has('ann', 'pW', 'H1')).toBe(false);
    expect(r.has('bea', 'pw', 'H1')).toBe(false);
    advance(999);
    expect(r.has('ann', 'pw', 'H1')).toBe(true);
    advance(1);
    expect(r.has('ann', 'pw', 'H1')).toBe(false);
    expect(r.size).toBe(0);
  });

  it('a changed stored hash (a new password) misses and forgets', () => {
    const { r } = logins();
    r.remember('ann', 'pw', 'H1');
    expect(r.has('ann', 'pw', 'H2')).toBe(false);
    expect(r.has('ann', 'pw', 'H1')).toBe(false);
  });

  it('name and password do not run together: ("an", "npw") is not ("ann", "pw")', () => {
    const { r } = logins();
    r.remember('ann', 'pw', 'H');
    expect(r.has('an', 'npw', 'H')).toBe(false);
  });

  it('keeps at most `max`, dropping the least recently passed', () => {
    const { r } = logins(1000, 2);
    r.remember('a', '1', 'H');
    r.remember('b', '2', 'H');
    r.remember('a', '1', 'H'); // passed again: now the newest
    r.remember('c', '3', 'H');
    expect(r.size).toBe(2);
    expect(r.has('b', '2', 'H')).toBe(false);
    expect(r.has('a', '1', 'H')).toBe(true);
    expect(r.has('c', '3', 'H')).toBe(true);
  });

  it('ttlMs 0 remembers nothing', () => {
    const { r } = logins(0);
    r.remember('ann', 'pw', 'H');
    expect(r.has('ann', 'pw', 'H')).toBe(false);
  });
});
