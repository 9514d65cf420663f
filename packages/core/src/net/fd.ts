import type { Socket } from 'node:net';

// Node keeps the file descriptor on the libuv handle; it is not public API, so read it
// defensively. Undefined when the socket is not connected yet or already destroyed.
export function socketFd(socket: Socket): number | undefined {
  const handle = (socket as unknown as { _handle?: { fd?: unknown } | null })._handle;
  const fd = handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}
