import { describe, expect, it } from 'vitest';
import { hostAddress, labNames } from './names.js';

describe('lab names', () => {
  it('carry prefix and run id, with interface names under 16 bytes', () => {
    const n = labNames('pblab', '123456x0abc');
    expect(n.switchNs).toBe('pblab-123456x0abc-sw');
    expect(n.hostNs('c7')).toBe('pblab-123456x0abc-c7');
    expect(n.uplink.length).toBeLessThan(16);
  });

  it('refuses a prefix that could match other namespaces', () => {
    expect(() => labNames('', 'x')).toThrow(
      new TypeError('prefix must be 2-10 lowercase letters/digits, got ""'),
    );
  });

  it('spreads host addresses over the /16 and skips .0', () => {
    expect(hostAddress(150, 2)).toBe('10.150.0.3');
    expect(hostAddress(150, 249)).toBe('10.150.0.250');
    expect(hostAddress(150, 250)).toBe('10.150.1.1');
    expect(() => hostAddress(150, 1)).toThrow(RangeError);
  });
});
