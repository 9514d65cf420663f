import type { Socket } from 'node:net';

/** The peer address without the IPv4-mapped IPv6 prefix, so allowlists see `10.0.0.5`. */
export function remoteAddress(socket: Socket): string {
  const addr = socket.remoteAddress ?? '';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

export function remoteLabel(socket: Socket): string {
  const addr = remoteAddress(socket);
  const port = socket.remotePort ?? 0;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
