import { useState } from 'react';
import type { LiveConnection } from '../data/live-connection.js';
import type { Presence } from '../data/types.js';
import { useServerEvents } from './useServerEvents.js';

/** Who is here, as the server said it; null until it has. */
export function usePresence(conn: LiveConnection): Presence | null {
  const [presence, setPresence] = useState<Presence | null>(null);
  useServerEvents(conn, (e) => {
    if (e.type === 'hello' || e.type === 'presence') setPresence(e.presence);
  });
  return presence;
}
