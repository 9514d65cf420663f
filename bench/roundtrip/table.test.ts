import { describe, expect, it } from 'vitest';
import { summarize } from './stats.js';
import { compare, comparisonCells, comparisonHeader, formatMs, renderTable } from './table.js';

describe('table', () => {
  const base = summarize([1, 1, 1, 2]);
  const ours = summarize([3, 4, 5, 30]);

  it('compares ours with its baseline: added ms and ratio at p50/p95, target only where it applies', () => {
    const row = compare(
      { level: 'ws', ours: 'o', baseline: 'b', oursStats: ours, baselineStats: base, target: true },
      20,
    );
    expect(row).toEqual({
      level: 'ws',
      ours: 'o',
      n: 4,
      oursP50: 4,
      oursP95: 30,
      oursP99: 30,
      baselineP50: 1,
      baselineP95: 2,
      addedP50: 3,
      addedP95: 28,
      ratioP95: 15,
      targetMet: false,
    });
    expect(
      compare({ level: 'c', ours: 'o', baseline: 'b', oursStats: base, baselineStats: base }, 20).targetMet,
    ).toBe(null);
    const met = compare(
      { level: 'ws', ours: 'o', baseline: 'b', oursStats: base, baselineStats: base, target: true },
      2,
    );
    expect(met.targetMet).toBe(true);
  });

  it('formats milliseconds with precision that follows the magnitude', () => {
    expect(formatMs(0.0071)).toBe('0.007');
    expect(formatMs(1.2345)).toBe('1.23');
    expect(formatMs(12.34)).toBe('12.3');
    expect(formatMs(123.4)).toBe('123');
    expect(formatMs(Infinity)).toBe('-');
  });

  it('renders aligned columns: two text columns left, numbers right', () => {
    const row = compare(
      { level: 'ws', ours: 'o', baseline: 'b', oursStats: ours, baselineStats: base, target: true },
      20,
    );
    const text = renderTable(comparisonHeader(20), [comparisonCells(row)]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^level \| ours \| n \| ours p50 .* \| p95<=20$/);
    expect(lines[1]).toMatch(/^-+(-\|-+)+$/);
    expect(lines[2]).toBe(
      'ws    | o    | 4 |     4.00 |     30.0 |     30.0 |     1.00 |     2.00 | 3.00 | 28.0 |   15x |      NO',
    );
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
