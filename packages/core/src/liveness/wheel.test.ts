import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimerWheel, type WheelEntry } from './wheel.js';

describe('TimerWheel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  const entry = (log: string[], name: string): WheelEntry => ({
    run: (now) => log.push(`${name}@${now - 1_000_000}`),
  });

  it('runs entries due in the same quantum in one wake-up, with a single timer', () => {
    const wheel = new TimerWheel(5);
    const log: string[] = [];
    for (let i = 0; i < 100; i++) wheel.schedule(entry(log, `e${i}`), 1_000_201 + (i % 3));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(199);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(6);
    expect(log.length).toBe(100);
    expect(new Set(log.map((l) => l.split('@')[1]))).toEqual(new Set(['205']));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rescheduling moves an entry (one due time each); cancel removes it', () => {
    const wheel = new TimerWheel(5);
    const log: string[] = [];
    const a = entry(log, 'a');
    const b = entry(log, 'b');
    wheel.schedule(a, 1_000_100);
    wheel.schedule(b, 1_000_050);
    wheel.schedule(a, 1_000_020); // earlier: the timer is re-armed
    wheel.schedule(b, 1_000_300);
    wheel.cancel(b);
    vi.advanceTimersByTime(1000);
    expect(log).toEqual(['a@20']);
    expect(wheel.size).toBe(0);
  });

  it('an entry may schedule itself again from run()', () => {
    const wheel = new TimerWheel(5);
    let runs = 0;
    const e: WheelEntry = {
      run: (now) => {
        if (++runs < 4) wheel.schedule(e, now + 100);
      },
    };
    wheel.schedule(e, Date.now() + 100);
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(4);
  });

  it('reports how late it ran', () => {
    const wheel = new TimerWheel(5);
    const late: number[] = [];
    wheel.schedule({ run: (_now, lateMs) => late.push(lateMs) }, 1_000_100);
    vi.advanceTimersByTime(99);
    vi.setSystemTime(1_000_160); // the process was stalled
    vi.advanceTimersByTime(1);
    expect(late).toEqual([61]);
  });
});
