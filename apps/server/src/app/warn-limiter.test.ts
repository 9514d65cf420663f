import { describe, expect, it } from 'vitest';
import { WarnLimiter } from './warn-limiter.js';

describe('WarnLimiter', () => {
  it('lets one line per key per window through and counts the rest', () => {
    let t = 0;
    const w = new WarnLimiter(1000, 2, () => t);
    expect(w.take('a')).toEqual({ suppressed: 0 });
    expect(w.take('a')).toBeNull();
    expect(w.take('a')).toBeNull();
    expect(w.take('b')).toEqual({ suppressed: 0 });
    t = 1000;
    expect(w.take('a')).toEqual({ suppressed: 2 });
    w.take('c'); // forgets the oldest key, b
    expect(w.take('b')).toEqual({ suppressed: 0 });
  });
});
