import { describe, expect, it } from 'vitest';
import { createLockout } from './lockout.js';

describe('lockout', () => {
  it('locks an address after maxFailures within windowMs, then recovers after lockoutMs', () => {
    let t = 0;
    const l = createLockout({ maxFailures: 3, windowMs: 1000, lockoutMs: 5000, now: () => t });
    expect(l.fail('a').locked).toBe(false);
    expect(l.fail('a').locked).toBe(false);
    expect(l.state('b').locked).toBe(false);
    expect(l.fail('a')).toEqual({ locked: true, retryAfterMs: 5000 });
    t = 4000;
    expect(l.state('a')).toEqual({ locked: true, retryAfterMs: 1000 });
    t = 5000;
    expect(l.state('a').locked).toBe(false);
    expect(l.fail('a').locked).toBe(false); // counting starts over
  });

  it('forgets failures older than windowMs', () => {
    let t = 0;
    const l = createLockout({ maxFailures: 2, windowMs: 1000, lockoutMs: 5000, now: () => t });
    l.fail('a');
    t = 1000;
    expect(l.fail('a').locked).toBe(false);
    t = 1500;
    expect(l.fail('a').locked).toBe(true);
  });

  it('clear() forgets the failures', () => {
    const l = createLockout({ maxFailures: 2, windowMs: 1000, lockoutMs: 5000, now: () => 0 });
    l.fail('a');
    l.clear('a');
    expect(l.fail('a').locked).toBe(false);
  });

  it('counts attempts in flight: the one past the limit waits for them, then is locked or proceeds', async () => {
    const l = createLockout({ maxFailures: 2, windowMs: 1000, lockoutMs: 5000, now: () => 0 });
    const first = await l.begin('a');
    const second = await l.begin('a');
    if (first.locked || second.locked) throw new Error('expected attempts');
    let third: Awaited<ReturnType<typeof l.begin>> | undefined;
    void l.begin('a').then((r) => (third = r));
    await new Promise((r) => setTimeout(r, 5));
    expect(third).toBeUndefined(); // waiting for the two in flight
    first.attempt.fail();
    await new Promise((r) => setTimeout(r, 5));
    expect(third).toBeUndefined(); // one failure + one in flight still make two
    second.attempt.fail();
    await new Promise((r) => setTimeout(r, 5));
    expect(third).toEqual({ locked: true, retryAfterMs: 5000 });

    const m = createLockout({ maxFailures: 1, windowMs: 1000, lockoutMs: 5000, now: () => 0 });
    const ok = await m.begin('b');
    const next = m.begin('b');
    if (ok.locked) throw new Error('expected an attempt');
    ok.attempt.succeed();
    expect((await next).locked).toBe(false);
  });

  it('remembers at most maxAddresses', () => {
    const l = createLockout({
      maxFailures: 2,
      windowMs: 1000,
      lockoutMs: 5000,
      maxAddresses: 2,
      now: () => 0,
    });
    l.fail('a');
    l.fail('b');
    l.fail('c'); // forgets a
    expect(l.fail('a').locked).toBe(false);
    expect(l.fail('c').locked).toBe(true);
  });
});
