import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.js';

describe('latency stats', () => {
  it('nearest-rank percentiles of unsorted samples (never a value between two samples)', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([7], 99)).toBe(7);
  });

  it('an undetected trial (Infinity) sorts last instead of being dropped', () => {
    expect(percentile([1000, 1100, 1200, Infinity], 95)).toBe(Infinity);
    expect(percentile([1000, 1100, 1200, Infinity], 50)).toBe(1100);
  });

  it('no samples: undefined, from every function', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(summarize([])).toBeUndefined();
  });

  it('summarizes', () => {
    expect(summarize([3, 1, 2, 4])).toEqual({ n: 4, min: 1, p50: 2, p95: 4, p99: 4, max: 4, mean: 2.5 });
  });

  it('refuses a percentile outside 0..100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], NaN)).toThrow(RangeError);
  });
});
