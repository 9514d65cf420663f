import { useState } from 'react';
import type { LiveConnection } from '../data/live-connection.js';
import type { Me } from '../data/types.js';
import { useServerEvents } from './useServerEvents.js';

export function useMe(conn: LiveConnection): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useServerEvents(conn, (e) => {
    if (e.type === 'hello') setMe(e.you);
  });
  return me;
}
