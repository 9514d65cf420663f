import { isIPv4, isIPv6 } from 'node:net';

export interface ParsedIp {
  family: 4 | 6;
  bytes: Uint8Array; // 4 or 16 bytes, network order
}

function ipv4Bytes(addr: string): Uint8Array {
  return Uint8Array.from(addr.split('.').map(Number));
}

/** Parses an IPv4 or IPv6 literal (no zone, no brackets); undefined if it is neither. */
export function parseIp(addr: string): ParsedIp | undefined {
  if (isIPv4(addr)) return { family: 4, bytes: ipv4Bytes(addr) };
  if (!isIPv6(addr)) return undefined;
  // Rewrite a trailing dotted IPv4 as two hex groups, then expand "a::b" into 8 groups.
  let text = addr.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4Bytes(text.slice(lastColon + 1));
    const hex = (hi: number, lo: number): string => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = parse(rest ?? '');
  const groups =
    rest === undefined
      ? left
      : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 255;
  });
  return { family: 6, bytes };
}

/** True for ::ffff:0:0/96, the IPv4-mapped IPv6 range. */
export function isMappedIPv4(ip: ParsedIp): boolean {
  if (ip.family !== 6) return false;
  for (let i = 0; i < 10; i++) if (ip.bytes[i] !== 0) return false;
  return ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;
}

/**
 * One spelling per peer: strips brackets and an IPv6 zone (`fe80::1%eth0`) and turns IPv4-mapped
 * IPv6 (`::ffff:10.0.0.5`, `::ffff:a00:5`) into plain IPv4, so allowlists and per-address
 * counters see the same key whichever socket family accepted the connection.
 */
export function normalizeAddress(address: string): string {
  let addr = address.trim();
  if (addr.startsWith('[') && addr.endsWith(']')) addr = addr.slice(1, -1);
  const zone = addr.indexOf('%');
  if (zone >= 0) addr = addr.slice(0, zone);
  const ip = parseIp(addr);
  if (!ip) return addr;
  if (isMappedIPv4(ip)) return Array.from(ip.bytes.subarray(12)).join('.');
  return ip.family === 6 ? addr.toLowerCase() : addr;
}
