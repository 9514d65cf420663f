import { describe, expect, it } from 'vitest';
import { summarize } from './stats.js';

describe('roundtrip stats', () => {
  it('summarizes unsorted samples, rounded to microseconds', () => {
    expect(summarize([3, 1, 2, 4])).toEqual({ n: 4, min: 1, p50: 2, p95: 4, p99: 4, max: 4, mean: 2.5 });
    expect(summarize([0.12345, 0.2])).toMatchObject({ min: 0.123, mean: 0.162 });
  });

  it('refuses to summarize no samples (a row without data is a failed measurement)', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});
