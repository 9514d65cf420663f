import { summarize as summarizeSamples, type Summary } from '@pulseboard/netlab/report/stats';

// The roundtrip bench's latency summary (milliseconds): the lab's one stats module
// (nearest-rank percentiles), rounded to microseconds for the table and the JSON. A row with no
// samples is a failed measurement here, never a blank row.
export type { Summary };

export function summarize(samples: readonly number[]): Summary {
  const s = summarizeSamples(samples);
  if (!s) throw new RangeError('no samples to summarize');
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    n: s.n,
    min: round(s.min),
    p50: round(s.p50),
    p95: round(s.p95),
    p99: round(s.p99),
    max: round(s.max),
    mean: round(s.mean),
  };
}
