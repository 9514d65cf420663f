// The measuring loop shared by every path. Paths are measured in interleaved rounds (A B C, A B
// C, ...) so a burst of load from elsewhere on the machine hits ours and the baseline alike.
// One round trip at a time, never overlapping, alternating 1/0 so every operation really
// changes the line (chunks are even, so each round leaves the line where it found it).
// Bounded in count and in wall time: a path that runs out of budget reports what it has.
import { summarize, type Summary } from './stats.js';

export interface RoundTripPath {
  /** One operation to `value`; resolves with the round trip in milliseconds. */
  run(value: 0 | 1): Promise<number>;
}

export interface Contender {
  key: string;
  path: RoundTripPath;
}

export interface MeasureOptions {
  iterations: number;
  warmup: number;
  /** Rounds the iterations (and warmup) are split into; the paths take turns per round. */
  rounds: number;
  /** Wall-time budget per path for all its rounds; a round stops early when its share is spent. */
  budgetMs: number;
  /** One round trip longer than this fails the run (a lost event must not hang the bench). */
  timeoutMs: number;
  /**
   * Pause between round trips. 0 still yields one macrotask turn (setImmediate): an in-process
   * path (sim driver, 0 ms latency) settles in microtasks only, and without the yield a whole
   * round would starve the event loop, so the servers' heartbeats would find their own clients
   * "silent" and drop them.
   */
  gapMs?: number;
  now?: () => number;
  /** Called after every round of every path (progress output). */
  onRound?: (key: string, round: number, samples: number) => void;
}

export interface Measured {
  summary: Summary;
  samples: number[];
  /** True when the budget ended a round before its share of `iterations` was taken. */
  truncated: boolean;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `total` split into `rounds` even chunks (rounded up), e.g. 300 in 4 -> [76, 76, 76, 76]. */
export function evenChunks(total: number, rounds: number): number[] {
  if (total === 0) return Array.from({ length: rounds }, () => 0);
  const per = Math.ceil(total / rounds / 2) * 2;
  return Array.from({ length: rounds }, () => per);
}

const pause = (ms: number) => new Promise((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));

export function validateMeasureOptions(o: MeasureOptions): void {
  if (!Number.isInteger(o.iterations) || o.iterations <= 0) {
    throw new TypeError('options.iterations must be a positive integer');
  }
  if (!Number.isInteger(o.warmup) || o.warmup < 0)
    throw new TypeError('options.warmup must be an integer >= 0');
  if (!Number.isInteger(o.rounds) || o.rounds <= 0)
    throw new TypeError('options.rounds must be a positive integer');
  if (!(o.budgetMs > 0)) throw new TypeError('options.budgetMs must be > 0');
}

export async function measureRounds(
  contenders: Contender[],
  o: MeasureOptions,
): Promise<Map<string, Measured>> {
  validateMeasureOptions(o);
  const now = o.now ?? performance.now.bind(performance);
  const samples = new Map(contenders.map((c) => [c.key, [] as number[]]));
  const truncated = new Set<string>();
  const warm = evenChunks(o.warmup, o.rounds);
  const chunk = evenChunks(o.iterations, o.rounds);
  for (let r = 0; r < o.rounds; r++) {
    for (const c of contenders) {
      const out = samples.get(c.key)!;
      const deadline = now() + o.budgetMs / o.rounds;
      for (let i = 0; i < warm[r]! + chunk[r]!; i++) {
        if (now() > deadline) {
          truncated.add(c.key);
          break;
        }
        const ms = await withTimeout(c.path.run(i % 2 === 0 ? 1 : 0), o.timeoutMs, `${c.key} round trip`);
        if (i >= warm[r]!) out.push(ms);
        await pause(o.gapMs ?? 0);
      }
      o.onRound?.(c.key, r, out.length);
    }
  }
  const result = new Map<string, Measured>();
  for (const [key, xs] of samples) {
    if (xs.length === 0) throw new Error(`${key}: no samples within the ${o.budgetMs} ms budget`);
    result.set(key, { summary: summarize(xs), samples: xs, truncated: truncated.has(key) });
  }
  return result;
}
