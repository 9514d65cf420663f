import { describe, expect, it } from 'vitest';
import { formatMs, renderTable, summarize } from './stats.js';

describe('bench stats', () => {
  it('nearest-rank percentiles; no trials, no figures', () => {
    const v = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(summarize(v)).toEqual({ p50: 5, p95: 10, max: 10, n: 10 });
    expect(summarize([])).toEqual({ p50: undefined, p95: undefined, max: undefined, n: 0 });
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
    expect(formatMs(undefined, 30_000)).toBe('-');
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
