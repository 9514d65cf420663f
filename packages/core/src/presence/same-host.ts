import { normalizeAddress } from './ip.js';

/**
 * Causes that say a peer went silent without closing: its host may have vanished (power, cable,
 * network). `fin` and `rst` are not among them: they are said by a live host about one
 * connection, and its other connections may well go on.
 */
export const SILENT_CAUSES: ReadonlySet<string> = new Set([
  'heartbeat-timeout',
  'keepalive-timeout',
  'user-timeout',
  'write-error',
]);

/** What the rule needs to know about a connection. */
export interface HostConnection {
  id: string;
  user: string;
  remote: string;
  /** Epoch ms: the last evidence the peer was there. */
  lastHeardAt: number;
}

/**
 * The same-host rule. When `dead` died silently, the host behind its address vanished, so the
 * same user's other connections from that address that have not been heard from since
 * `dead.lastHeardAt` went with it: they are returned, to be declared dead with `dead.cause`
 * (detail `same host as <dead.id>`) instead of each waiting for its own, slower verdict (an
 * idle HTTP keep-alive connection is judged by the TCP budget, ~2 s; its WebSocket in ~0.9 s).
 *
 * A connection heard after that moment is left alone: a host answered on it after the dead
 * connection went quiet, e.g. another device of the user behind the same NAT address. So are
 * other users' connections. Addresses are compared normalized (`::ffff:10.0.0.1` = `10.0.0.1`).
 */
export function sameHostCasualties<T extends HostConnection>(
  dead: HostConnection & { cause: string },
  others: Iterable<T>,
): T[] {
  if (!SILENT_CAUSES.has(dead.cause)) return [];
  const remote = normalizeAddress(dead.remote);
  const casualties: T[] = [];
  for (const c of others) {
    if (c.id === dead.id || c.user !== dead.user) continue;
    if (normalizeAddress(c.remote) !== remote) continue;
    if (c.lastHeardAt > dead.lastHeardAt) continue;
    casualties.push(c);
  }
  return casualties;
}
