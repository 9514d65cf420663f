import { describe, expect, it } from 'vitest';
import { applyPresenceDelta } from './presence-delta.js';
import type { Presence, PresenceUser } from './types.js';

const conn = (id: string, rttMs: number | null = null) => ({
  id,
  remote: '10.0.0.1',
  transport: 'ws' as const,
  since: 1,
  rttMs,
});
const user = (name: string, state: PresenceUser['state'], ids: string[] = []): PresenceUser => ({
  name,
  state,
  lastSeen: 1,
  connections: ids.map((id) => conn(id)),
});

describe('applyPresenceDelta', () => {
  const start: Presence = { users: [user('alice', 'online', ['ws-1']), user('carol', 'offline')] };

  it('replaces the changed user and keeps the list sorted by name', () => {
    const next = applyPresenceDelta(start, { user: user('bob', 'online', ['ws-2']) });
    expect(next.users.map((u) => u.name)).toEqual(['alice', 'bob', 'carol']);
    const after = applyPresenceDelta(next, { user: user('alice', 'offline') });
    expect(after.users[0]).toMatchObject({ name: 'alice', state: 'offline', connections: [] });
    expect(after.users).toHaveLength(3);
  });

  it('updates only the RTTs it names, and changes nothing for an empty delta', () => {
    const next = applyPresenceDelta(start, { rtt: { 'ws-1': 12.5, 'ws-9': 3 } });
    expect(next.users[0]!.connections[0]!.rttMs).toBe(12.5);
    expect(next.users[1]).toBe(start.users[1]);
    expect(applyPresenceDelta(start, { user: null })).toBe(start);
  });
});
