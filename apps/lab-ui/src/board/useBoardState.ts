import { useEffect, useMemo, useState } from 'react';
import type { LabApi } from '../data/api.js';
import type { BoardState, LabEvent } from '../data/types.js';

/** How many events so far could have changed the board (a line, the lock, a failsafe). */
function boardChanges(events: readonly LabEvent[]): number {
  let n = 0;
  for (const e of events) if (e.type === 'line' || e.type === 'lock' || e.type === 'failsafe') n++;
  return n;
}

/**
 * The board's lines and locks, read from the board itself (GET /api/board/state) when it
 * starts and again after every event that could have changed them: the board stays the one
 * source of truth, and the lab's events only say when to look.
 */
export function useBoardState(
  api: Pick<LabApi, 'boardState'>,
  running: boolean,
  events: readonly LabEvent[],
): BoardState | undefined {
  const [state, setState] = useState<BoardState | undefined>(undefined);
  const changes = useMemo(() => boardChanges(events), [events]);
  useEffect(() => {
    if (!running) return;
    let live = true;
    // A burst of events (a failsafe moves several lines) costs one read.
    const timer = setTimeout(() => {
      api.boardState().then(
        (s) => live && setState(s),
        () => undefined, // the board is restarting: the next event or start reads again
      );
    }, 80);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, running, changes]);
  return running ? state : undefined;
}
