import type { Me, Presence, PresenceUser } from '../data/types.js';
import { useNow } from '../hooks/useNow.js';
import { Ago } from './Ago.js';
import { describeDevices } from './words.js';

interface Props {
  /** null until the server has said who is here. */
  presence: Presence | null;
  me: Me | null;
  /** False while the link is down: the list is the last known. */
  live: boolean;
  onDisconnect: (user: string) => void;
}

const order: Record<PresenceUser['state'], number> = { online: 0, suspect: 1, offline: 2 };

function Status({ user, now }: { user: PresenceUser; now: number }) {
  if (user.state === 'online') return <span className="status-online">Online</span>;
  if (user.state === 'suspect') return <span className="status-suspect">Connection unsure</span>;
  return (
    <span className="status-offline">
      Left <Ago at={user.lastSeen} now={now} />
    </span>
  );
}

export function PresenceList({ presence, me, live, onDisconnect }: Props) {
  const now = useNow(1000);
  if (!presence)
    return (
      <section className="card" data-testid="presence" aria-labelledby="presence-title" aria-busy="true">
        <h2 id="presence-title">Who is here</h2>
        <p className="muted">Waiting for the board…</p>
      </section>
    );
  const users = [...presence.users].sort(
    (a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name),
  );
  const here = users.filter((u) => u.state !== 'offline').length;
  return (
    <section
      className={`card${live ? '' : ' stale'}`}
      data-testid="presence"
      aria-labelledby="presence-title"
      data-stale={!live}
    >
      <div className="card-head">
        <h2 id="presence-title">Who is here</h2>
        <span className="muted">{here === 1 ? '1 person' : `${here} people`}</span>
      </div>
      {!live ? <p className="stale-note">Last known — not live while reconnecting.</p> : null}
      {users.length === 0 ? (
        <p className="empty">
          <strong>Nobody is connected.</strong>
          People appear here as soon as they open the panel or connect a script.
        </p>
      ) : (
        <ul className="people">
          {users.map((u) => {
            const rtts = u.connections.map((c) => c.rttMs).filter((r): r is number => r !== null);
            return (
              <li
                key={u.name}
                data-testid={`presence-${u.name}`}
                data-state={u.state}
                className={`person person-${u.state}`}
              >
                <span className="avatar" aria-hidden="true">
                  {u.name.slice(0, 1)}
                  <span className="presence-dot" />
                </span>
                <div className="person-text">
                  <div>
                    <span className="person-name">{u.name}</span>
                    {u.name === me?.user ? <span className="muted"> (you)</span> : null}
                  </div>
                  <div className="muted">
                    <Status user={u} now={now} />
                    {u.connections.length ? ` · ${describeDevices(u.connections)}` : ''}
                    {rtts.length ? ` · ${Math.min(...rtts)} ms` : ''}
                  </div>
                </div>
                {me?.role === 'admin' && u.name !== me.user && u.state !== 'offline' ? (
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={!live}
                    onClick={() => onDisconnect(u.name)}
                  >
                    Disconnect
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
