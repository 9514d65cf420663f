import { describe, expect, it } from 'vitest';
import { SeqnoTracker } from './seqno.js';

describe('SeqnoTracker', () => {
  it('reports the events lost between two reads of a line', () => {
    const t = new SeqnoTracker();
    expect(t.missed(4, 1)).toBe(0);
    expect(t.missed(4, 2)).toBe(0);
    expect(t.missed(5, 1)).toBe(0);
    expect(t.missed(4, 6)).toBe(3);
    expect(t.missed(7, 3)).toBe(2);
  });
});
