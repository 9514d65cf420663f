import { afterEach, describe, expect, it, vi } from 'vitest';
import { BeatClock, type BeatMember } from './beat-clock.js';

const lanFast = { intervalMs: 220, budgetPerSecond: 400, maxIntervalMs: 440 };

function member(): BeatMember & { calls: [number, number][] } {
  const calls: [number, number][] = [];
  return { calls, tick: (n, every) => void calls.push([n, every]) };
}

describe('BeatClock', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps the preset interval while the crowd fits the budget, then stretches it up to the cap', () => {
    const clock = new BeatClock(lanFast);
    expect(clock.tickMs).toBe(110);
    const add = (n: number) => {
      for (let i = 0; i < n; i++) clock.add(member());
    };
    add(10);
    expect(clock.everyMs()).toBe(220);
    add(78); // 88 connections beating every 220 ms: 400 beats/s, the budget
    expect(clock.everyMs()).toBe(220);
    add(12); // 100: 330 ms keeps them at 303 beats/s
    expect(clock.everyMs()).toBe(330);
    add(100); // 200 would need 500 ms; the cap (440 ms) wins over the budget
    expect(clock.everyMs()).toBe(440);
  });

  it('serves every member in one wake-up per half interval, and stops when the last one leaves', () => {
    vi.useFakeTimers();
    const clock = new BeatClock(lanFast);
    const a = member();
    const b = member();
    clock.add(a);
    clock.add(b);
    vi.advanceTimersByTime(330);
    expect(a.calls).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
    expect(b.calls).toEqual(a.calls);
    clock.remove(a);
    vi.advanceTimersByTime(110);
    expect(a.calls).toHaveLength(3);
    expect(b.calls).toHaveLength(4);
    clock.remove(b);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a member that throws does not cost the others their beat', () => {
    const clock = new BeatClock(lanFast);
    const ok = member();
    const broken: BeatMember = {
      tick: () => {
        throw new Error('boom');
      },
    };
    clock.add(broken);
    clock.add(ok);
    clock.tick();
    expect(ok.calls).toEqual([[1, 2]]);
    clock.remove(broken);
    clock.remove(ok);
  });
});
