import type { Me, Presence } from '../data/types.js';
import { clock } from './time.js';

interface Props {
  /** null until the server has said who is here. */
  presence: Presence | null;
  me: Me | null;
  /** False while the link is down: the list is the last known. */
  live: boolean;
  onDisconnect: (user: string) => void;
}

export function PresenceList({ presence, me, live, onDisconnect }: Props) {
  if (!presence)
    return (
      <section className="card" data-testid="presence" aria-label="Who is here" aria-busy="true">
        <h2>Who is here</h2>
        <p className="muted">Waiting for the board…</p>
      </section>
    );
  return (
    <section
      className={`card${live ? '' : ' stale'}`}
      data-testid="presence"
      aria-label="Who is here"
      data-stale={!live}
    >
      <h2>Who is here</h2>
      {!live ? <p className="stale-note">Last known — not live while reconnecting.</p> : null}
      <ul className="presence">
        {presence.users.map((u) => {
          const rtts = u.connections.map((c) => c.rttMs).filter((r): r is number => r !== null);
          const since = u.connections.length ? Math.min(...u.connections.map((c) => c.since)) : u.lastSeen;
          return (
            <li
              key={u.name}
              data-testid={`presence-${u.name}`}
              data-state={u.state}
              className={`presence-${u.state}`}
            >
              <span className="dot" aria-hidden="true" />
              <strong>{u.name}</strong>
              <span className="state">{u.state}</span>
              <span className="muted">
                {u.state === 'offline' ? `last seen ${clock(u.lastSeen)}` : `since ${clock(since)}`}
                {rtts.length ? ` · ${Math.min(...rtts)} ms` : ''}
                {u.connections.length ? ` · ${describeConnections(u.connections)}` : ''}
              </span>
              {me?.role === 'admin' && u.name !== me.user && u.state !== 'offline' ? (
                <button type="button" disabled={!live} onClick={() => onDisconnect(u.name)}>
                  Disconnect
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** "ws, 2 × http": a user may hold several connections (tabs, scripts), so count by kind. */
function describeConnections(connections: { transport: string }[]): string {
  const counts = new Map<string, number>();
  for (const c of connections) counts.set(c.transport, (counts.get(c.transport) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (n > 1 ? `${n} × ${kind}` : kind)).join(', ');
}
