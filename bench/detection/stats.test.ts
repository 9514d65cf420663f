import { describe, expect, it } from 'vitest';
import { formatMs, percentile, renderTable, summarize } from './stats.js';

describe('bench stats', () => {
  it('nearest-rank percentiles', () => {
    const v = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 95)).toBe(10);
    expect(percentile(v, 100)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });
  it('an undetected trial (Infinity) dominates p95 and max instead of being dropped', () => {
    expect(summarize([1000, 1100, 1200, Infinity])).toEqual({
      p50: 1100,
      p95: Infinity,
      max: Infinity,
      n: 4,
    });
  });
  it('formats capped values as "> cap"', () => {
    expect(formatMs(1534, 30_000)).toBe('1.53 s');
    expect(formatMs(Infinity, 30_000)).toBe('> 30 s');
    expect(formatMs(NaN, 30_000)).toBe('-');
  });
  it('renders aligned rows', () => {
    expect(
      renderTable(
        ['a', 'b', 'c'],
        [
          ['x', 'y', '1'],
          ['xx', 'y', '10'],
        ],
      ).split('\n'),
    ).toEqual(['a  | b |  c', '---|---|---', 'x  | y |  1', 'xx | y | 10']);
  });
});
