import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';
import { isMappedIPv4, normalizeAddress } from './ip.js';

// The CIDR allowlist is node:net's BlockList, two of them: one for IPv4 peers (IPv4 rules and
// mapped rules of /96 or narrower), one for IPv6 peers. One BlockList alone would let an IPv6
// rule that spans the mapped range (`::/0`, `::/80`) admit every IPv4 peer; cidr.test.ts has
// the case. Peers are normalised first (mapped IPv6 -> IPv4), so both spellings match alike.

export interface Allowlist {
  allows(address: string): boolean;
  readonly rules: readonly string[];
}

export const ALLOW_ALL: readonly string[] = ['0.0.0.0/0', '::/0'];

export interface CidrRule {
  address: string;
  prefix: number;
  type: 'ipv4' | 'ipv6';
  /** Which peers it is for: a mapped rule of /96 or narrower is an IPv4 rule. */
  peers: 'ipv4' | 'ipv6';
}

/** Parses "10.0.0.0/8", "fd00::/8", "::ffff:10.0.0.0/104" or a bare address (a /32 or /128). */
export function parseCidr(text: string): CidrRule {
  if (typeof text !== 'string') throw new TypeError('CIDR entries must be strings');
  const slash = text.indexOf('/');
  const address = (slash < 0 ? text : text.slice(0, slash)).trim();
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1).trim();
  const family = isIP(address);
  if (family === 0 || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)))
    throw new TypeError(`Invalid CIDR "${text}"`);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) throw new TypeError(`Invalid CIDR "${text}"`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const peers = type === 'ipv4' || (isMappedIPv4(address) && prefix >= 96) ? 'ipv4' : 'ipv6';
  return { address, prefix, type, peers };
}

/** A CIDR allowlist over IPv4 and IPv6; IPv4-mapped IPv6 peers match IPv4 rules. */
export function createAllowlist(cidrs: readonly string[] = ALLOW_ALL): Allowlist {
  if (!Array.isArray(cidrs)) throw new TypeError('options.allow must be an array of CIDR strings');
  const v4 = new BlockList();
  const v6 = new BlockList();
  for (const rule of cidrs.map(parseCidr))
    (rule.peers === 'ipv4' ? v4 : v6).addSubnet(rule.address, rule.prefix, rule.type);
  return {
    rules: [...cidrs],
    allows(address) {
      const peer = normalizeAddress(address);
      if (isIPv4(peer)) return v4.check(peer, 'ipv4');
      return isIPv6(peer) && v6.check(peer, 'ipv6');
    },
  };
}
