import { describe, expect, it } from 'vitest';
import { normalizeAddress, parseIp } from './ip.js';

describe('parseIp', () => {
  it('expands IPv6 forms to 16 bytes', () => {
    expect(Array.from(parseIp('::1')!.bytes)).toEqual([...new Array(15).fill(0), 1]);
    expect(Array.from(parseIp('2001:db8::8:800:200c:417a')!.bytes)).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a,
    ]);
    expect(Array.from(parseIp('::ffff:1.2.3.4')!.bytes.subarray(10))).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(Array.from(parseIp('64:ff9b::192.0.2.33')!.bytes.subarray(12))).toEqual([192, 0, 2, 33]);
    expect(parseIp('1:2:3:4:5:6:7:8')!.bytes[15]).toBe(8);
  });

  it('rejects non-addresses', () => {
    expect(parseIp('example.org')).toBeUndefined();
    expect(parseIp('1.2.3.256')).toBeUndefined();
    expect(parseIp('1::2::3')).toBeUndefined();
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
  ])('%s -> %s', (input, output) => {
    expect(normalizeAddress(input)).toBe(output);
  });
});
