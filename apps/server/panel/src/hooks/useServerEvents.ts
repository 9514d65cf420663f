import { useEffect, useRef } from 'react';
import type { LiveConnection } from '../data/live-connection.js';
import type { ServerEvent } from '../data/types.js';

/** Calls `onEvent` for every pushed event; the latest callback is used without resubscribing. */
export function useServerEvents(conn: LiveConnection, onEvent: (event: ServerEvent) => void): void {
  const ref = useRef(onEvent);
  useEffect(() => {
    ref.current = onEvent;
  });
  useEffect(() => conn.subscribe((e) => ref.current(e)), [conn]);
}
