import { describe, expect, it } from 'vitest';
import type { LineSpec } from '../hardware/board.js';
import { FailsafeTracker } from './failsafe.js';

const pump: LineSpec = {
  name: 'pump',
  label: 'Pump',
  direction: 'out',
  activeLow: false,
  failsafe: true,
  safeValue: 0,
};
const fan: LineSpec = { ...pump, name: 'fan', safeValue: 1 };
const lights: LineSpec = { ...pump, name: 'lights', failsafe: false };
const a1 = { sessionId: 'a1', user: 'alice' };
const b1 = { sessionId: 'b1', user: 'bob' };

describe('FailsafeTracker', () => {
  it('arms a failsafe line set away from its safe value, for the session that did it', () => {
    const t = new FailsafeTracker();
    t.confirmed(pump, 1, a1);
    t.confirmed(fan, 0, a1);
    t.confirmed(lights, 1, a1);
    expect(t.armedBy('a1').map((a) => [a.line, a.safeValue])).toEqual([
      ['pump', 0],
      ['fan', 1],
    ]);
    expect(t.armedBy('b1')).toEqual([]);
  });

  it('the last session to switch it owns it; a safe value or the system disarms it', () => {
    const t = new FailsafeTracker();
    t.confirmed(pump, 1, a1);
    t.confirmed(pump, 1, b1);
    expect(t.armedBy('a1')).toEqual([]);
    expect(t.armedBy('b1')).toHaveLength(1);
    t.confirmed(pump, 0, b1);
    expect(t.all()).toEqual([]);
    t.confirmed(fan, 0, a1);
    t.confirmed(fan, 0, null);
    expect(t.all()).toEqual([]);
  });
});
