import { describe, expect, it } from 'vitest';
import { partitionMap, type Side } from './partitionMap.js';

describe('partitionMap', () => {
  const sides = new Map<string, Side>([
    ['board', 'a'],
    ['c1', 'b'],
    ['c2', 'b'],
  ]);
  it('cuts both ways by default', () => {
    expect(partitionMap(sides, false)).toEqual({ board: ['c1', 'c2'], c1: ['board'], c2: ['board'] });
  });
  it('cuts only A→B when one-way', () => {
    expect(partitionMap(sides, true)).toEqual({ board: ['c1', 'c2'], c1: [], c2: [] });
  });
});
