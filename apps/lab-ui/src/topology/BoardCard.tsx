import type { ReactNode } from 'react';
import type { Board, Capabilities } from '../data/types.js';

/** The board server: where it runs and whether it is up, with start/stop. */
export function BoardCard({
  board,
  capabilities,
  busy,
  onStart,
  onStop,
  children,
}: {
  board: Board | undefined;
  capabilities: Capabilities;
  busy: boolean;
  onStart: () => void;
  onStop: () => void;
  /** The board drawn as parts, while it runs. */
  children?: ReactNode;
}) {
  const running = board?.running ?? false;
  return (
    <div className={`board-card ${running ? 'up' : 'down'}`} data-testid="board">
      <div>
        <strong>Board</strong>{' '}
        <span className="state-pill">{board ? (running ? 'running' : 'stopped') : 'unknown'}</span>{' '}
        {capabilities.engine && (
          <span className="state-pill" data-testid="engine" title="The lab engine in use">
            engine: {capabilities.engine.name}
          </span>
        )}
      </div>
      {board && (
        <div className="muted small">
          {board.url || '—'} · host {board.host}
          {board.pid ? ` · pid ${board.pid}` : ''}
        </div>
      )}
      {running && children}
      {board && !capabilities.root && (
        <div className="caps-warning" role="alert">
          The lab is not running as root: it cannot create network namespaces, so clients and faults are
          unavailable.
        </div>
      )}
      <div>
        {running ? (
          <button type="button" disabled={busy} onClick={onStop}>
            Stop board
          </button>
        ) : (
          <button type="button" disabled={busy || !board} onClick={onStart}>
            Start board
          </button>
        )}
      </div>
    </div>
  );
}
