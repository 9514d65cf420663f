import { useState } from 'react';
import type { LiveConnection } from '../data/live-connection.js';
import { applyPresenceDelta } from '../data/presence-delta.js';
import type { Presence } from '../data/types.js';
import { useServerEvents } from './useServerEvents.js';

/** Who is here, as the server said it; null until it has. */
export function usePresence(conn: LiveConnection): Presence | null {
  const [presence, setPresence] = useState<Presence | null>(null);
  useServerEvents(conn, (e) => {
    // A snapshot on hello (and on a resync after falling behind), then deltas.
    if (e.type === 'hello') setPresence(e.presence);
    else if (e.type === 'presence') setPresence((p) => p && applyPresenceDelta(p, e));
  });
  return presence;
}
