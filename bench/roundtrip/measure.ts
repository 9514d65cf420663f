// The measuring loop shared by every path: warm up, then time one round trip at a time
// (never overlapping), alternating 1/0 so every operation really changes the line. Bounded in
// count and in wall time: a path that runs out of time reports the samples it has.
import { summarize, type Summary } from './stats.js';

export interface RoundTripPath {
  /** One operation to `value`; resolves with the round trip in milliseconds. */
  run(value: 0 | 1): Promise<number>;
  close(): Promise<void>;
}

export interface MeasureOptions {
  iterations: number;
  warmup: number;
  /** Wall-time budget for warmup + iterations; the loop stops early when it is spent. */
  budgetMs: number;
  /** One round trip longer than this fails the path (a lost event must not hang the bench). */
  timeoutMs: number;
  /** Pause between round trips, so stragglers of one operation never land in the next one. */
  gapMs?: number;
  now?: () => number;
}

export interface Measured {
  summary: Summary;
  samples: number[];
  /** True when the budget ended the loop before `iterations` samples were taken. */
  truncated: boolean;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function measure(path: RoundTripPath, o: MeasureOptions): Promise<Measured> {
  if (!Number.isInteger(o.iterations) || o.iterations <= 0) {
    throw new TypeError('options.iterations must be a positive integer');
  }
  if (!Number.isInteger(o.warmup) || o.warmup < 0) throw new TypeError('options.warmup must be an integer >= 0');
  const now = o.now ?? performance.now.bind(performance);
  const deadline = now() + o.budgetMs;
  const samples: number[] = [];
  let truncated = false;
  try {
    for (let i = 0; i < o.warmup + o.iterations; i++) {
      if (now() > deadline) {
        truncated = true;
        break;
      }
      const ms = await withTimeout(path.run(i % 2 === 0 ? 1 : 0), o.timeoutMs, `round trip ${i}`);
      if (i >= o.warmup) samples.push(ms);
      if (o.gapMs) await sleep(o.gapMs);
    }
  } finally {
    await path.close();
  }
  if (samples.length === 0) throw new Error(`no samples within the ${o.budgetMs} ms budget`);
  return { summary: summarize(samples), samples, truncated };
}
