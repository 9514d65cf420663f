import { afterEach, describe, expect, it, vi } from 'vitest';
import { BeatClock, type BeatMember } from './beat-clock.js';

const lanFast = { intervalMs: 220, budgetPerSecond: 400, maxIntervalMs: 550 };

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
    expect(clock.pace()).toBe(1);
    add(78); // 88 connections beating every 220 ms: 400 beats/s, the budget
    expect(clock.everyMs()).toBe(220);
    add(12); // 100: 330 ms keeps them at 303 beats/s
    expect(clock.everyMs()).toBe(330);
    add(76); // 176 connections: 440 ms
    expect(clock.everyMs()).toBe(440);
    add(24); // 200 would need 500 ms: 550, whole ticks
    expect(clock.everyMs()).toBe(550);
    expect(clock.pace()).toBe(2.5); // the slow pings and samples stretch as much
    add(100); // 300 would need 750 ms; the cap (550 ms) wins over the budget
    expect(clock.everyMs()).toBe(550);
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

  it('runs scheduled steps at the first tick at or after their time, in the same wake-ups as the beats', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    const clock = new BeatClock(lanFast);
    const ran: [string, number, number][] = [];
    const step = (name: string) => ({ run: (now: number, late: number) => void ran.push([name, now, late]) });
    const a = step('a');
    const b = step('b');
    clock.schedule(a, 1_000_150); // due between ticks 1 (110) and 2 (220)
    clock.schedule(b, 1_000_050);
    clock.schedule(b, 1_000_300); // rescheduled: the later time wins
    vi.advanceTimersByTime(110);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(110);
    expect(ran).toEqual([['a', 1_000_220, 0]]);
    vi.advanceTimersByTime(110);
    expect(ran.map(([name]) => name)).toEqual(['a', 'b']);
    const c = step('c');
    clock.schedule(c, 1_000_400);
    clock.cancel(c);
    vi.advanceTimersByTime(330);
    expect(ran).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0); // nothing scheduled, no members: the clock sleeps
  });

  it('keeps its ticks on the grid: their lateness does not add up tick after tick', async () => {
    const clock = new BeatClock(lanFast);
    const at: number[] = [];
    const member: BeatMember = { tick: () => void at.push(performance.now()) };
    clock.add(member);
    await new Promise((r) => setTimeout(r, 6000));
    clock.remove(member);
    // Each tick's offset from a grid laid from the first one; the earliest of ten is the grid
    // itself plus the least lateness, which load hardly moves. A timer re-armed one period after
    // it fired drifts by its own lateness every tick: 14 ms over these 6 s when measured.
    const offsets = at.map((t, k) => t - (at[0]! + k * clock.tickMs));
    expect(at.length).toBeGreaterThan(40);
    expect(Math.min(...offsets.slice(-10)) - Math.min(...offsets.slice(0, 10))).toBeLessThan(7);
  });
});
