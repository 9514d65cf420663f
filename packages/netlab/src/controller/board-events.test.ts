import { describe, expect, it } from 'vitest';
import { failsafeEvent, lockEvent } from './board-events.js';

describe('board stream events as lab events', () => {
  it('turns a failsafe report into a failsafe event timed at safeAt', () => {
    const e = failsafeEvent({
      type: 'failsafe',
      at: 5_000,
      report: {
        line: 'pump',
        sessionId: 's1',
        user: 'alice',
        safeValue: 0,
        lastHeardAt: 4_000,
        detectedAt: 4_700,
        safeAt: 4_910,
        faultToSafeMs: 910,
        detectToSafeMs: 210,
        result: 'confirmed',
      },
    });
    expect(e).toEqual({
      type: 'failsafe',
      at: 4_910,
      line: 'pump',
      user: 'alice',
      value: 0,
      result: 'confirmed',
      lastHeardAt: 4_000,
      detectedAt: 4_700,
    });
  });

  it('keeps a failed failsafe with its error, and refuses malformed reports', () => {
    const failed = failsafeEvent({
      type: 'failsafe',
      at: 9,
      report: { line: 'pump', user: 'a', safeValue: 1, safeAt: null, result: 'failed', error: 'stuck' },
    });
    expect(failed).toMatchObject({ at: 9, value: 1, result: 'failed', error: 'stuck' });
    expect(failsafeEvent({ type: 'failsafe', report: { line: 'pump' } })).toBeUndefined();
    expect(failsafeEvent({ type: 'state', line: {} })).toBeUndefined();
  });

  it('reads lock changes: freed by a dead session, and taken over by someone', () => {
    expect(
      lockEvent({
        type: 'lock',
        at: 7,
        lockEvent: 'session-dead',
        lock: { user: 'alice', id: 'l1' },
        locks: [],
      }),
    ).toEqual({ type: 'lock', at: 7, change: 'session-dead', user: 'alice' });
    expect(
      lockEvent({ type: 'lock', at: 8, lockEvent: 'takeover', lock: { user: 'alice' }, by: { user: 'bob' } }),
    ).toEqual({ type: 'lock', at: 8, change: 'takeover', user: 'alice', by: 'bob' });
    expect(lockEvent({ type: 'lock', lockEvent: 'weird', lock: { user: 'a' } })).toBeUndefined();
  });
});
