import type { BoardState, Me } from '../data/types.js';
import { useNow } from '../hooks/useNow.js';
import { LineCard } from './LineCard.js';

interface Props {
  board: BoardState | null;
  me: Me | null;
  /** False while the link is down: values are the last known, and no line may be switched. */
  live: boolean;
  onSet: (line: string, value: 0 | 1) => void;
  /** When each pending line started waiting (usePendingSince). */
  pendingSince?: Readonly<Record<string, number>>;
}

/** Why `me` may not switch `line` now, in words shown under its button; null when they may. */
export function blockedReason(board: BoardState, me: Me | null, live: boolean, line: string): string | null {
  if (!live) return 'Controls are off while reconnecting';
  if (!me) return 'Waiting for the board';
  if (me.role === 'viewer') return 'View only: your account cannot switch lines';
  const holder = board.locks.find((l) => l.user !== me.user && (l.lines === '*' || l.lines.includes(line)));
  return holder ? `${holder.user} has control` : null;
}

export function BoardView({ board, me, live, onSet, pendingSince = {} }: Props) {
  const now = useNow(board?.lines.some((l) => l.pending !== null) ? 500 : 1000);
  if (!board)
    return (
      <section className="card" data-testid="board" aria-busy="true" aria-label="Board">
        <p className="muted">Loading board…</p>
      </section>
    );
  const title = board.title ?? board.board;
  const outputs = board.lines.filter((l) => l.direction === 'out' && !l.pulseMs);
  const on = outputs.filter((l) => l.value === 1).length;
  const waiting = board.lines.filter((l) => l.pending !== null).length;
  return (
    <section
      className={`card${live ? '' : ' stale'}`}
      data-testid="board"
      aria-labelledby="board-title"
      data-stale={!live}
    >
      <div className="card-head">
        <h2 id="board-title">{title}</h2>
        <span className="muted" data-testid="board-summary">
          {on} of {outputs.length} switches on{waiting ? ` · ${waiting} waiting for the hardware` : ''}
        </span>
      </div>
      {board.description ? <p className="board-desc">{board.description}</p> : null}
      {!live ? <p className="stale-note">Last known values — not live while reconnecting.</p> : null}
      <ul className="tiles" style={{ marginTop: 'var(--space-3)' }}>
        {board.lines.map((line) => (
          <LineCard
            key={line.name}
            line={line}
            blockedBy={line.direction === 'in' ? null : blockedReason(board, me, live, line.name)}
            now={now}
            pendingSince={pendingSince[line.name] ?? null}
            onSet={(v) => onSet(line.name, v)}
          />
        ))}
      </ul>
    </section>
  );
}
