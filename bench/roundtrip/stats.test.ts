import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.js';

describe('stats', () => {
  it('nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow(RangeError);
  });

  it('summarizes unsorted samples', () => {
    expect(summarize([3, 1, 2, 4])).toEqual({ n: 4, min: 1, p50: 2, p95: 4, p99: 4, max: 4, mean: 2.5 });
  });
});
