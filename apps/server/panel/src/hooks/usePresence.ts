import { useState } from 'react';
import type { LiveConnection } from '../data/live-connection.js';
import type { Presence } from '../data/types.js';
import { useServerEvents } from './useServerEvents.js';

export function usePresence(conn: LiveConnection): Presence {
  const [presence, setPresence] = useState<Presence>({ users: [] });
  useServerEvents(conn, (e) => {
    if (e.type === 'hello' || e.type === 'presence') setPresence(e.presence);
  });
  return presence;
}
