import { describe, expect, it } from 'vitest';
import { LineLog } from './board-watch.js';

const state = (value: 0 | 1 | null, user?: string, pending: 0 | 1 | null = null) => ({
  type: 'state',
  at: 1,
  line: { name: 'pump', value, pending, lastChangedBy: user ? { user } : null },
});

describe('LineLog', () => {
  it('turns the steps of one command into one change', () => {
    const log = new LineLog();
    log.change({ type: 'hello', at: 0, state: { lines: [{ name: 'pump', value: 0 }] } });
    const seen = [
      state(0, undefined, 1), // accepted: pending 1, value still 0
      state(1, 'alice', 1), // confirmed
      state(1, 'alice'), // settled
    ].map((e) => log.change(e));
    expect(seen.filter(Boolean)).toEqual([{ name: 'pump', value: 1, by: 'alice' }]);
  });

  it("does not credit the failsafe's accepted step to the dead user", () => {
    const log = new LineLog();
    log.change({
      type: 'hello',
      at: 0,
      state: { lines: [{ name: 'pump', value: 1, lastChangedBy: { user: 'alice' } }] },
    });
    // alice died: the failsafe's command is accepted (value still 1 by alice), then confirmed.
    const seen = [state(1, 'alice', 0), state(0, 'system', 0), state(0, 'system')].map((e) => log.change(e));
    expect(seen.filter(Boolean)).toEqual([{ name: 'pump', value: 0, by: 'system' }]);
  });

  it('reports the first value seen without a hello, and ignores unknown values', () => {
    const log = new LineLog();
    expect(log.change(state(null))).toBeUndefined();
    expect(log.change(state(1, 'bob'))).toEqual({ name: 'pump', value: 1, by: 'bob' });
    expect(log.change({ type: 'operation', at: 1 })).toBeUndefined();
  });
});
