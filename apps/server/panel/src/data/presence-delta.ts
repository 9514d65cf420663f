import type { Presence, PresenceUser } from './types.js';

/** The presence list after one delta event: the changed user replaced (or added, by name), RTTs updated. */
export function applyPresenceDelta(
  presence: Presence,
  delta: { user?: PresenceUser | null; rtt?: Record<string, number> },
): Presence {
  let users = presence.users;
  const changed = delta.user;
  if (changed) {
    users = users.filter((u) => u.name !== changed.name);
    users.push(changed);
    users.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const rtt = delta.rtt;
  if (rtt) {
    users = users.map((u) =>
      u.connections.some((c) => c.id in rtt)
        ? { ...u, connections: u.connections.map((c) => (c.id in rtt ? { ...c, rttMs: rtt[c.id]! } : c)) }
        : u,
    );
  }
  return users === presence.users ? presence : { users };
}
