import type { Socket } from 'node:net';
import { normalizeAddress } from '@pulseboard/core/presence/index';

/** The peer address as presence and the allowlist see it (`::ffff:` mapping and zone stripped). */
export function remoteAddress(socket: Socket): string {
  return normalizeAddress(socket.remoteAddress ?? '');
}
