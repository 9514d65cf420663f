import { describe, expect, it } from 'vitest';
import { DelaySchedule } from './delay-schedule.js';
import { partitionScript } from './nft-rules.js';

describe('DelaySchedule', () => {
  it('adds delay ± jitter and never reorders', () => {
    const rnd = [1, 0, 0.5];
    const s = new DelaySchedule(80, 40, () => rnd.shift() ?? 0.5);
    expect(s.releaseAt(0)).toBe(120); // 80 + 40
    expect(s.releaseAt(1)).toBe(120); // 1 + 40 = 41 would overtake: held behind the first
    expect(s.releaseAt(100)).toBe(180); // 100 + 80
  });

  it('refuses negative values', () => {
    expect(() => new DelaySchedule(-1, 0)).toThrow(new RangeError('delay and jitter must be >= 0'));
  });
});

describe('partitionScript', () => {
  it('drops each listed direction only', () => {
    const s = partitionScript('pblf_f1', [['10.1.0.11', '10.1.0.3']]);
    expect(s).toContain('table bridge pblf_f1');
    expect(s).toContain('ip saddr 10.1.0.11 ip daddr 10.1.0.3 drop;');
    expect(s).not.toContain('ip saddr 10.1.0.3');
  });
});
