// One clock for every kernel-judged beat with the same interval. It ticks every half interval
// and asks each connection, in that one wake-up, whether it is due: idle connections beat
// together, so 10 idle users cost ~9 wake-ups a second instead of one per connection and beat,
// and 200 cost no more wake-ups than 10. A wake-up of this process costs far more than the
// 2-byte write it carries (measured ~0.2 ms vs ~0.03 ms on a 2-core VM).
//
// The beats themselves (one write a connection, each costing the kernel a segment and its ACK)
// are held to a budget: past `budgetPerSecond` idle beats the interval stretches evenly for
// everyone, up to `maxIntervalMs`, rather than the board's CPU growing without bound. Detection
// of a vanished host is interval + user timeout, so the stretch is the price, paid only by large
// crowds (lan-fast, 400 beats/s: 220 ms up to 88 connections, 330 to 133, 440 to 176, then
// 550 ms: dead within ~0.78 s instead of ~0.45 s). Past the cap the budget gives way, not the
// detection.
//
// It is also a coarse scheduler (one tick's precision) for what beside the beat needs no more:
// the slow application pings and TCP_INFO samples of the same connections, so they ride the
// same wake-ups instead of waking the process at phases of their own. Past the budget they
// stretch by the same factor as the beats (`pace`): at 200 idle connections (lan-fast: beats
// 550 ms, pace 2.5) a ping every 5 s instead of 2 s and a sample every 12.5 s instead of 5 s,
// measured 3.58 % of a core, 2.29 % without the pings at all and 3.00 % without the samples
// (the footprint bench's server and clients, one run; with the pace, bench:footprint 2.65 %).
// A hung application on a live host is then found within ~5.6 s (instead of ~2.6 s); a
// vanished host stays the beat's (~0.78 s).

import type { Scheduler, WheelEntry } from './wheel.js';

export interface BeatMember {
  /**
   * Called on tick number `n`; beats if nothing left since tick `n - every` (see KernelBeat).
   * Counting ticks, not milliseconds, keeps an idle connection on exactly every `every`-th
   * tick whatever the timer's jitter, and no gap longer than `every` ticks.
   */
  tick(n: number, every: number): void;
}

export interface BeatClockOptions {
  intervalMs: number;
  budgetPerSecond: number;
  maxIntervalMs: number;
}

export class BeatClock implements Scheduler {
  private readonly members = new Set<BeatMember>();
  /** Scheduled steps and when each is due (epoch ms). */
  private readonly due = new Map<WheelEntry, number>();
  private timer: NodeJS.Timeout | null = null;
  /** When the current run of ticks started, to tell how late a tick came. */
  private startedAt = 0;
  /** The number of the latest tick (members note the tick of their last write in it). */
  n = 0;
  readonly tickMs: number;

  constructor(private readonly o: BeatClockOptions) {
    this.tickMs = Math.max(1, Math.floor(o.intervalMs / 2));
  }

  /**
   * Every how many ticks a member beats now: the preset's interval, or more ticks if the
   * members beating that often would pass the budget, but never more than `maxIntervalMs`.
   */
  every(): number {
    const needed = Math.ceil((this.members.size * 1000) / (this.o.budgetPerSecond * this.tickMs));
    return Math.min(this.maxEvery(), Math.max(this.baseEvery(), needed));
  }

  /** The longest gap `every()` can reach, in ms (what a client may be told to expect). */
  maxEveryMs(): number {
    return this.maxEvery() * this.tickMs;
  }

  private baseEvery(): number {
    return Math.max(1, Math.round(this.o.intervalMs / this.tickMs));
  }

  private maxEvery(): number {
    return Math.max(this.baseEvery(), Math.floor(this.o.maxIntervalMs / this.tickMs));
  }

  /** How far the crowd stretched the beats (every / the preset's), which the slow steps follow. */
  pace(): number {
    return this.every() / this.baseEvery();
  }

  /** The interval `every()` stands for, in ms. */
  everyMs(): number {
    return this.every() * this.tickMs;
  }

  add(member: BeatMember): void {
    this.members.add(member);
    this.run();
  }

  remove(member: BeatMember): void {
    this.members.delete(member);
    this.idleStop();
  }

  /** Runs `entry` at the first tick at or after `at` (replacing its earlier time, if any). */
  schedule(entry: WheelEntry, at: number): void {
    this.due.set(entry, at);
    this.run();
  }

  cancel(entry: WheelEntry): void {
    this.due.delete(entry);
    this.idleStop();
  }

  private run(): void {
    if (this.timer) return;
    // Tick numbers keep counting across idle spells: members note them.
    this.startedAt = Date.now() - this.n * this.tickMs;
    this.arm();
  }

  /**
   * The next tick at its place on the grid from `startedAt`, not one period after this one ran:
   * setInterval re-arms from when its callback ran, so its lateness would add up tick after
   * tick, stretch every beat, and read to the steps as a stall of this process.
   */
  private arm(): void {
    const wait = Math.max(0, this.startedAt + (this.n + 1) * this.tickMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick();
      if (!this.timer && (this.members.size > 0 || this.due.size > 0)) this.arm();
    }, wait);
    this.timer.unref();
  }

  private idleStop(): void {
    if (this.members.size === 0 && this.due.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** One wake-up: every member, in order of arrival, then the steps that came due. */
  tick(): void {
    this.n += 1;
    const every = this.every();
    for (const m of this.members) {
      try {
        m.tick(this.n, every);
      } catch {
        // one connection's failure must not stop the others' beats
      }
    }
    if (this.due.size === 0) return;
    const now = Date.now();
    // How late this wake-up came: what a step reads as a stall of this process (WheelEntry).
    const late = Math.max(0, now - (this.startedAt + this.n * this.tickMs));
    for (const [entry, at] of this.due) {
      if (at > now) continue;
      this.due.delete(entry);
      try {
        entry.run(now, late);
      } catch {
        // as above
      }
    }
    this.idleStop();
  }
}

const clocks = new Map<string, BeatClock>();

/** The clock every watch in this process with these settings shares. */
export function sharedBeatClock(o: BeatClockOptions): BeatClock {
  const key = `${o.intervalMs}/${o.budgetPerSecond}/${o.maxIntervalMs}`;
  let clock = clocks.get(key);
  if (!clock) {
    clock = new BeatClock(o);
    clocks.set(key, clock);
  }
  return clock;
}
