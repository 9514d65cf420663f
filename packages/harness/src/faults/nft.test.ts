import { describe, expect, it } from 'vitest';
import { validateFault } from './faults.js';
import { filterScript } from './nft.js';

describe('filterScript', () => {
  it('blackhole drops both directions in a table that replaces any previous fault', () => {
    const s = filterScript('drop');
    expect(s).toContain('delete table inet pb_fault');
    expect(s).toMatch(/hook input priority -10; policy accept; drop;/);
    expect(s).toMatch(/hook output priority -10; policy accept; drop;/);
  });
  it('loss uses numgen random per packet and direction', () => {
    expect(filterScript({ lossPercent: 5 }).match(/numgen random mod 100 < 5 drop/g)).toHaveLength(2);
  });
  it('a start time keeps the rules dormant until that second (meta time)', () => {
    const s = filterScript('drop', 1_800_000_000);
    expect(s.match(/meta time >= 1800000000 drop;/g)).toHaveLength(2);
  });
  it('rst answers incoming TCP with a reset and lets only resets out', () => {
    const s = filterScript('reject-tcp-reset');
    expect(s).toContain('meta l4proto tcp reject with tcp reset');
    expect(s).toContain('tcp flags & rst == 0 drop');
  });
});

describe('validateFault', () => {
  it.each([0, 101, 2.5])('rejects loss %s%%', (percent) => {
    expect(() => validateFault({ kind: 'loss', percent })).toThrow(
      new TypeError('loss.percent must be an integer from 1 to 100'),
    );
  });
});
