// Latency statistics, in one place for the report, the lab UI and the benches, so a p95 means
// the same everywhere. Nearest-rank percentiles: the smallest sample with at least p% of the
// samples at or below it (never a value between two samples). No samples: undefined, always
// (there is no p95 of nothing; each caller says what to show or fails). Infinity is a valid
// sample (the detection bench's undetected trial) and sorts last. Pure: the lab UI runs it too.

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function rankOf(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not within 0..100`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** Ascending copy. */
export function sortedAsc(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The p-th percentile (0..100) of `values` (any order); undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  return values.length === 0 ? undefined : rankOf(sortedAsc(values), p);
}

/** n, min, p50/p95/p99, max and mean of `values` (any order); undefined when there are none. */
export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = sortedAsc(values);
  return {
    n: sorted.length,
    min: sorted[0]!,
    p50: rankOf(sorted, 50),
    p95: rankOf(sorted, 95),
    p99: rankOf(sorted, 99),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}
