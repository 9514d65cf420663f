import { useState } from 'react';
import type { LiveConnection } from '../data/live-connection.js';
import { useServerEvents } from './useServerEvents.js';

/** Per line, when this panel learnt of its pending value (on this clock): tiles show the wait. */
export function usePendingSince(conn: LiveConnection): Readonly<Record<string, number>> {
  const [since, setSince] = useState<Record<string, number>>({});
  useServerEvents(conn, (e) => {
    if (e.type === 'hello') {
      const now = Date.now();
      setSince(Object.fromEntries(e.state.lines.filter((l) => l.pending !== null).map((l) => [l.name, now])));
    } else if (e.type === 'state') {
      const { name, pending } = e.line;
      setSince((s) => {
        if (pending === null) {
          if (!(name in s)) return s;
          const { [name]: _gone, ...rest } = s;
          return rest;
        }
        return name in s ? s : { ...s, [name]: Date.now() };
      });
    }
  });
  return since;
}
