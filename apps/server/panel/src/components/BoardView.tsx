import type { BoardState, Me } from '../data/types.js';
import { LineCard } from './LineCard.js';

interface Props {
  board: BoardState | null;
  me: Me | null;
  /** False while the link is down: values are the last known, and no line may be switched. */
  live: boolean;
  onSet: (line: string, value: 0 | 1) => void;
}

function lockedAgainst(board: BoardState, me: Me, line: string): boolean {
  return board.locks.some((l) => l.user !== me.user && (l.lines === '*' || l.lines.includes(line)));
}

export function BoardView({ board, me, live, onSet }: Props) {
  if (!board)
    return (
      <section className="card" data-testid="board" aria-busy="true">
        Loading board…
      </section>
    );
  return (
    <section
      className={`card${live ? '' : ' stale'}`}
      data-testid="board"
      aria-label="Board"
      data-stale={!live}
    >
      <h2>{board.board}</h2>
      {!live ? <p className="stale-note">Last known values — not live while reconnecting.</p> : null}
      <ul className="lines">
        {board.lines.map((line) => (
          <LineCard
            key={line.name}
            line={line}
            canOperate={live && !!me && me.role !== 'viewer' && !lockedAgainst(board, me, line.name)}
            onSet={(v) => onSet(line.name, v)}
          />
        ))}
      </ul>
    </section>
  );
}
