import type { LockInfo, Me } from '../data/types.js';
import { clock } from './time.js';

interface Props {
  locks: LockInfo[];
  me: Me | null;
  onTake: () => void;
  onRelease: (lockId?: string) => void;
}

/** Who holds the control lock, and the take / release buttons this user may press. */
export function LockBar({ locks, me, onTake, onRelease }: Props) {
  const mine = locks.filter((l) => me && l.user === me.user);
  const others = locks.filter((l) => !me || l.user !== me.user);
  return (
    <section className="card lockbar" data-testid="lock-status" data-locked={locks.length > 0}>
      <h2>Control</h2>
      {locks.length === 0 ? <p>Free: any operator may switch lines.</p> : null}
      {locks.map((l) => (
        <p key={l.id} data-testid="lock-holder">
          <strong>{l.user}</strong> holds {l.lines === '*' ? 'the board' : l.lines.join(', ')} since{' '}
          {clock(l.since)}
          {me?.role === 'admin' && l.user !== me.user ? (
            <button type="button" onClick={() => onRelease(l.id)}>
              Release
            </button>
          ) : null}
        </p>
      ))}
      {me && me.role !== 'viewer' ? (
        <div className="actions">
          {mine.length > 0 ? (
            <button type="button" onClick={() => onRelease()}>
              Release control
            </button>
          ) : (
            <button type="button" onClick={onTake} disabled={others.length > 0 && me.role !== 'admin'}>
              {others.length > 0 ? 'Take over' : 'Take control'}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}
