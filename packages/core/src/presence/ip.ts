import { BlockList, SocketAddress, isIPv4, isIPv6 } from 'node:net';

// Addresses through node:net (isIP, SocketAddress, BlockList) rather than a parser of our own.

/** ::ffff:0:0/96, the IPv4-mapped IPv6 range. */
const mapped = new BlockList();
mapped.addSubnet('::ffff:0:0', 96, 'ipv6');

/** True for an IPv6 literal inside ::ffff:0:0/96 (any spelling: `::ffff:10.0.0.5`, `::ffff:a00:5`). */
export function isMappedIPv4(addr: string): boolean {
  return isIPv6(addr) && mapped.check(addr, 'ipv6');
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
  if (isIPv4(addr) || !isIPv6(addr)) return addr;
  // SocketAddress spells a mapped address with its IPv4 tail in dotted form.
  if (isMappedIPv4(addr)) return new SocketAddress({ address: addr, family: 'ipv6' }).address.slice(7);
  return addr.toLowerCase();
}
