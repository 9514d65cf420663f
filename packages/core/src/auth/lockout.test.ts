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

  it('a success clears the failures', () => {
    const l = createLockout({ maxFailures: 2, windowMs: 1000, lockoutMs: 5000, now: () => 0 });
    l.fail('a');
    l.succeed('a');
    expect(l.fail('a').locked).toBe(false);
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
