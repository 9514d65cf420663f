import { isMappedIPv4, normalizeAddress, parseIp, type ParsedIp } from './ip.js';

interface Rule {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

export interface Allowlist {
  allows(address: string): boolean;
  readonly rules: readonly string[];
}

export const ALLOW_ALL: readonly string[] = ['0.0.0.0/0', '::/0'];

function toIPv4(ip: ParsedIp): ParsedIp {
  return isMappedIPv4(ip) ? { family: 4, bytes: ip.bytes.slice(12) } : ip;
}

/** Parses "10.0.0.0/8", "fd00::/8", "::ffff:10.0.0.0/104" or a bare address (a /32 or /128). */
export function parseCidr(text: string): Rule {
  if (typeof text !== 'string') throw new TypeError('CIDR entries must be strings');
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text.trim() : text.slice(0, slash).trim();
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1).trim();
  const ip = parseIp(addrText);
  if (!ip) throw new TypeError(`Invalid CIDR "${text}"`);
  const max = ip.family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) {
    throw new TypeError(`Invalid CIDR "${text}"`);
  }
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) throw new TypeError(`Invalid CIDR "${text}"`);
  // A rule inside ::ffff:0:0/96 is an IPv4 rule: peers are normalised to IPv4 before matching.
  if (isMappedIPv4(ip) && prefix >= 96) return { ...toIPv4(ip), prefix: prefix - 96 } as Rule;
  return { family: ip.family, bytes: ip.bytes, prefix };
}

function matches(rule: Rule, ip: ParsedIp): boolean {
  if (rule.family !== ip.family) return false;
  let bits = rule.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((rule.bytes[i]! & mask) !== (ip.bytes[i]! & mask)) return false;
  }
  return true;
}

/** A CIDR allowlist over IPv4 and IPv6; IPv4-mapped IPv6 peers match IPv4 rules. */
export function createAllowlist(cidrs: readonly string[] = ALLOW_ALL): Allowlist {
  if (!Array.isArray(cidrs)) throw new TypeError('options.allow must be an array of CIDR strings');
  const rules = cidrs.map(parseCidr);
  return {
    rules: [...cidrs],
    allows(address) {
      const ip = parseIp(normalizeAddress(address));
      return ip !== undefined && rules.some((rule) => matches(rule, ip));
    },
  };
}
