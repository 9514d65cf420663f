import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` while mounted: for "12 s ago" and elapsed timers. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
