import type { LockInfo, Me } from '../data/types.js';
import { clock } from './time.js';

interface Props {
  /** null until the server has said who holds what. */
  locks: LockInfo[] | null;
  me: Me | null;
  /** False while the link is down: the locks shown are the last known, and nothing may be pressed. */
  live: boolean;
  onTake: () => void;
  onRelease: (lockId?: string) => void;
}

/** Who holds the control lock, and the take / release buttons this user may press. */
export function LockBar({ locks, me, live, onTake, onRelease }: Props) {
  if (locks === null)
    return (
      <section className="card lockbar" data-testid="lock-status" aria-busy="true">
        <h2>Control</h2>
        <p className="muted">Waiting for the board to say who holds control…</p>
      </section>
    );
  const mine = locks.filter((l) => me && l.user === me.user);
  const others = locks.filter((l) => !me || l.user !== me.user);
  return (
    <section
      className={`card lockbar${live ? '' : ' stale'}`}
      data-testid="lock-status"
      data-locked={locks.length > 0}
      data-stale={!live}
    >
      <h2>Control</h2>
      {!live ? <p className="stale-note">Last known — not live while reconnecting.</p> : null}
      {locks.length === 0 ? <p>{live ? 'Free: any operator may switch lines.' : 'Was free.'}</p> : null}
      {locks.map((l) => (
        <p key={l.id} data-testid="lock-holder">
          <strong>{l.user}</strong> holds {l.lines === '*' ? 'the board' : l.lines.join(', ')} since{' '}
          {clock(l.since)}
          {me?.role === 'admin' && l.user !== me.user ? (
            <button type="button" disabled={!live} onClick={() => onRelease(l.id)}>
              Release
            </button>
          ) : null}
        </p>
      ))}
      {me && me.role !== 'viewer' ? (
        <div className="actions">
          {mine.length > 0 ? (
            <button type="button" disabled={!live} onClick={() => onRelease()}>
              Release control
            </button>
          ) : (
            <button
              type="button"
              onClick={onTake}
              disabled={!live || (others.length > 0 && me.role !== 'admin')}
            >
              {others.length > 0 ? 'Take over' : 'Take control'}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}
