import { describe, expect, it } from 'vitest';
import { createAllowlist } from './cidr.js';

describe('CIDR allowlist', () => {
  it('allows everything by default (IPv4, IPv6, mapped)', () => {
    const all = createAllowlist();
    for (const a of ['1.2.3.4', '::1', '::ffff:10.0.0.1', 'fe80::1%lo']) expect(all.allows(a)).toBe(true);
    expect(all.allows('garbage')).toBe(false);
  });

  it('matches IPv4 prefixes at byte and non-byte boundaries', () => {
    const l = createAllowlist(['10.0.0.0/8', '192.168.1.128/25', '172.16.5.4']);
    expect(l.allows('10.255.1.1')).toBe(true);
    expect(l.allows('11.0.0.0')).toBe(false);
    expect(l.allows('192.168.1.128')).toBe(true);
    expect(l.allows('192.168.1.255')).toBe(true);
    expect(l.allows('192.168.1.127')).toBe(false);
    expect(l.allows('172.16.5.4')).toBe(true);
    expect(l.allows('172.16.5.5')).toBe(false);
  });

  it('matches IPv4-mapped IPv6 peers against IPv4 rules (both spellings)', () => {
    const l = createAllowlist(['10.0.0.0/8']);
    expect(l.allows('::ffff:10.1.2.3')).toBe(true);
    expect(l.allows('::ffff:a01:203')).toBe(true);
    expect(l.allows('::ffff:11.1.2.3')).toBe(false);
  });

  it('treats a mapped rule as the IPv4 rule it stands for', () => {
    const l = createAllowlist(['::ffff:192.168.0.0/112']);
    expect(l.allows('192.168.7.7')).toBe(true);
    expect(l.allows('::ffff:192.168.7.7')).toBe(true);
    expect(l.allows('192.169.0.1')).toBe(false);
  });

  it('matches IPv6 prefixes and keeps families apart', () => {
    const l = createAllowlist(['fd00::/8', '2001:db8:1::/52', '::1']);
    expect(l.allows('fd12:3456::1')).toBe(true);
    expect(l.allows('fe80::1')).toBe(false);
    expect(l.allows('2001:db8:1:0fff::1')).toBe(true);
    expect(l.allows('2001:db8:1:1000::1')).toBe(false);
    expect(l.allows('::1')).toBe(true);
    expect(l.allows('127.0.0.1')).toBe(false);
    expect(createAllowlist(['0.0.0.0/0']).allows('::2')).toBe(false);
  });

  // The case one node:net BlockList gets wrong for us: an IPv6 rule spanning ::ffff:0:0/96
  // matches every IPv4 peer there (new BlockList().addSubnet('::', 0, 'ipv6') checks
  // '10.0.0.1' as true). An IPv6 rule is for IPv6 peers, as an IPv4 rule is for IPv4 ones.
  it('keeps families apart both ways: ::/0 or ::/80 admits no IPv4 peer', () => {
    for (const rule of ['::/0', '::/80']) {
      const l = createAllowlist([rule]);
      expect(l.allows('2001:db8::1'), rule).toBe(rule === '::/0');
      expect(l.allows('10.0.0.1'), rule).toBe(false);
      expect(l.allows('::ffff:10.0.0.1'), rule).toBe(false);
    }
    // ... while the mapped range itself, /96 or narrower, is an IPv4 rule.
    expect(createAllowlist(['::ffff:0:0/96']).allows('10.0.0.1')).toBe(true);
    expect(createAllowlist(['::ffff:0:0/96']).allows('::1')).toBe(false);
  });

  it('an empty list allows nobody', () => {
    expect(createAllowlist([]).allows('127.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0/8', 'fd00::/x', '10.0.0.0/', 'host.lan/24', '10.0.0.0/-1', ''])(
    'rejects %s with an exact TypeError',
    (cidr) => {
      expect(() => createAllowlist([cidr])).toThrow(new TypeError(`Invalid CIDR "${cidr}"`));
    },
  );

  it('rejects a non-array', () => {
    expect(() => createAllowlist('10.0.0.0/8' as unknown as string[])).toThrow(
      new TypeError('options.allow must be an array of CIDR strings'),
    );
  });
});
