import type { LockInfo, Me } from '../data/types.js';
import { useNow } from '../hooks/useNow.js';
import { LockIcon } from './icons.js';
import { clock, fullTime, span } from './time.js';

interface Props {
  /** null until the server has said who holds what. */
  locks: LockInfo[] | null;
  me: Me | null;
  /** False while the link is down: the locks shown are the last known, and nothing may be pressed. */
  live: boolean;
  onTake: () => void;
  onRelease: (lockId?: string) => void;
  /** Puts a request to the holder into the chat box. */
  onAsk: (holder: string) => void;
}

function what(l: LockInfo): string {
  return l.lines === '*' ? 'the board' : l.lines.join(', ');
}

/** Who holds the control lock and since when, as a banner over the board, with what this user may do. */
export function LockBar({ locks, me, live, onTake, onRelease, onAsk }: Props) {
  const now = useNow(1000);
  if (locks === null)
    return (
      <section className="card lockbar" data-testid="lock-status" aria-busy="true" aria-label="Control">
        <LockIcon open />
        <p className="muted">Waiting for the board to say who holds control…</p>
      </section>
    );
  const mine = locks.filter((l) => me && l.user === me.user);
  const others = locks.filter((l) => !me || l.user !== me.user);
  const tone = others.length > 0 ? 'other' : mine.length > 0 ? 'mine' : 'free';
  const canAct = !!me && me.role !== 'viewer';
  const offline = live ? null : 'Not live while reconnecting';
  return (
    <section
      className={`card lockbar lockbar-${tone}${live ? '' : ' stale'}`}
      data-testid="lock-status"
      data-locked={locks.length > 0}
      data-stale={!live}
      aria-label="Control"
    >
      <LockIcon open={tone === 'free'} />
      <div className="lockbar-text">
        {!live ? <p className="stale-note">Last known — not live while reconnecting.</p> : null}
        {locks.length === 0 ? (
          <>
            <p className="lockbar-title">{live ? 'Free: any operator may switch lines.' : 'Was free.'}</p>
            <p className="lockbar-sub muted">Take control to keep others from switching while you work.</p>
          </>
        ) : null}
        {[...others, ...mine].map((l) => (
          <p key={l.id} className="lockbar-title" data-testid="lock-holder">
            {l.user === me?.user ? 'You hold' : <strong>{l.user} holds</strong>} {what(l)}
            <span className="lockbar-sub">
              {' '}
              since <time title={fullTime(l.since)}>{clock(l.since)}</time> ({span(now - l.since)})
            </span>
          </p>
        ))}
        {mine.length > 0 && others.length === 0 ? (
          <p className="lockbar-sub muted">Nobody else can switch lines until you release control.</p>
        ) : null}
      </div>
      {canAct ? (
        <div className="lockbar-actions">
          {others.length > 0 ? (
            <>
              <button
                type="button"
                className="btn"
                onClick={() => onAsk(others[0]?.user ?? '')}
                disabled={!live}
              >
                Ask in chat
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  if (live && me.role === 'admin') onTake();
                }}
                aria-disabled={!live || me.role !== 'admin' || undefined}
                aria-describedby="takeover-reason"
              >
                Take over
              </button>
              {me.role === 'admin'
                ? others.map((l) => (
                    <button
                      key={l.id}
                      type="button"
                      className="btn btn-quiet"
                      disabled={!live}
                      onClick={() => onRelease(l.id)}
                    >
                      Release {l.user}’s control
                    </button>
                  ))
                : null}
              <span className="reason" id="takeover-reason">
                {offline ??
                  (me.role === 'admin'
                    ? `Ends ${others[0]?.user}’s control at once`
                    : 'Only an admin can take over')}
              </span>
            </>
          ) : mine.length > 0 ? (
            <button type="button" className="btn" disabled={!live} onClick={() => onRelease()}>
              Release control
            </button>
          ) : (
            <button type="button" className="btn btn-primary" onClick={onTake} disabled={!live}>
              Take control
            </button>
          )}
          {offline && others.length === 0 ? <span className="reason">{offline}</span> : null}
        </div>
      ) : me ? (
        <span className="reason">View only: your account cannot take control</span>
      ) : null}
    </section>
  );
}
