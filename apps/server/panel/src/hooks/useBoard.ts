import { useState } from 'react';
import type { LiveConnection } from '../data/live-connection.js';
import type { BoardState } from '../data/types.js';
import { useServerEvents } from './useServerEvents.js';

/** The board as the server confirmed it: snapshot on hello, then line and lock updates. */
export function useBoard(conn: LiveConnection): BoardState | null {
  const [board, setBoard] = useState<BoardState | null>(null);
  useServerEvents(conn, (e) => {
    if (e.type === 'hello') setBoard(e.state);
    else if (e.type === 'state') {
      setBoard((b) => b && { ...b, lines: b.lines.map((l) => (l.name === e.line.name ? e.line : l)) });
    } else if (e.type === 'lock') setBoard((b) => b && { ...b, locks: e.locks });
  });
  return board;
}
