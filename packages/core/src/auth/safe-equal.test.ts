import { describe, expect, it } from 'vitest';
import { safeEqual } from './safe-equal.js';

describe('safeEqual', () => {
  it('compares equal and unequal strings of any length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abd', 'abc')).toBe(false);
    expect(safeEqual('ab', 'abc')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
