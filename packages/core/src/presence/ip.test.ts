import { describe, expect, it } from 'vitest';
import { isMappedIPv4, normalizeAddress } from './ip.js';

describe('isMappedIPv4', () => {
  it('is true in ::ffff:0:0/96 whatever the spelling, false elsewhere', () => {
    for (const a of ['::ffff:1.2.3.4', '::FFFF:a01:203', '0:0:0:0:0:ffff:c0a8:101'])
      expect(isMappedIPv4(a), a).toBe(true);
    for (const a of ['1.2.3.4', '::1', '::a00:5', '64:ff9b::192.0.2.33', 'example.org', '1::2::3'])
      expect(isMappedIPv4(a), a).toBe(false);
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['::ffff:10.0.0.5', '10.0.0.5'],
    ['::FFFF:10.0.0.5', '10.0.0.5'],
    ['::ffff:a00:5', '10.0.0.5'],
    ['0:0:0:0:0:ffff:c0a8:101', '192.168.1.1'],
    ['[::ffff:127.0.0.1]', '127.0.0.1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['10.1.2.3', '10.1.2.3'],
    ['::1', '::1'],
    ['::a00:5', '::a00:5'], // IPv4-compatible (deprecated), not mapped
    ['not-an-ip', 'not-an-ip'],
    ['1.2.3.256', '1.2.3.256'],
  ])('%s -> %s', (input, output) => {
    expect(normalizeAddress(input)).toBe(output);
  });
});
