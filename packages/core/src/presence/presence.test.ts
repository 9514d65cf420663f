import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresenceEvent } from './events.js';
import { createPresence, type Presence } from './presence.js';

const T0 = 1_700_000_000_000;
let presences: Presence[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  presences.forEach((p) => p.dispose());
  presences = [];
  vi.useRealTimers();
});

function make(options: Parameters<typeof createPresence>[0] = {}) {
  const p = createPresence(options);
  presences.push(p);
  const events: PresenceEvent[] = [];
  p.on('change', (e) => events.push(e));
  const types = () => events.map((e) => e.type);
  return { p, events, types };
}

describe('admission', () => {
  it('caps distinct users; extra tabs of a connected user cost no place', () => {
    const { p } = make({ maxUsers: 2, retryAfterS: 15 });
    p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' }); // second tab
    p.connect({ user: 'b', remote: '10.0.0.2', transport: 'sse' });
    expect(p.admit('a', '10.0.0.9')).toEqual({ ok: true });
    expect(p.admit('c', '10.0.0.3')).toEqual({
      ok: false,
      code: 'SERVER_FULL',
      retryAfterS: 15,
      connectedUsers: ['a', 'b'],
    });
    expect(() => p.connect({ user: 'c', remote: '10.0.0.3', transport: 'ws' })).toThrow(
      expect.objectContaining({
        code: 'SERVER_FULL',
        status: 503,
        details: { retryAfterS: 15, connectedUsers: ['a', 'b'] },
      }),
    );
  });

  it('frees a place when a user has no live connection left (even inside the grace period)', () => {
    const { p } = make({ maxUsers: 1 });
    const a = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    expect(p.admit('b', '10.0.0.2').ok).toBe(false);
    p.connectionState(a.connectionId, 'suspect');
    expect(p.admit('b', '10.0.0.2').ok).toBe(false); // suspect still holds its place
    p.connectionState(a.connectionId, 'dead', { cause: 'rst' });
    expect(p.admit('b', '10.0.0.2').ok).toBe(true);
  });

  it('refuses addresses outside the allowlist before looking at the cap', () => {
    const { p } = make({ maxUsers: 1, allow: ['10.0.0.0/8', 'fd00::/8'] });
    expect(p.admit('a', '192.168.1.1')).toEqual({ ok: false, code: 'FORBIDDEN_ADDRESS' });
    expect(p.admit('a', '::ffff:10.9.9.9')).toEqual({ ok: true });
    expect(p.admit('a', 'fd00::5')).toEqual({ ok: true });
    expect(() => p.connect({ user: 'a', remote: '192.168.1.1', transport: 'ws' })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN_ADDRESS', status: 403 }),
    );
  });
});

describe('states', () => {
  it('user is online if any connection is alive, suspect if the best is suspect, offline when none', () => {
    const { p, events } = make();
    const t1 = p.connect({ user: 'a', remote: '::ffff:10.0.0.1', transport: 'ws' });
    const t2 = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'sse' });
    expect(p.userState('a')).toBe('online');
    p.connectionState(t1.connectionId, 'suspect', { cause: 'heartbeat-late', lastHeardAt: T0 });
    expect(p.userState('a')).toBe('online');
    vi.advanceTimersByTime(400);
    p.connectionState(t2.connectionId, 'suspect', { lastHeardAt: T0 + 100 });
    expect(p.userState('a')).toBe('suspect');
    expect(p.snapshot().users[0]!.lastSeen).toBe(T0 + 100);
    p.connectionState(t2.connectionId, 'alive');
    expect(p.userState('a')).toBe('online');
    p.connectionState(t1.connectionId, 'dead', {
      cause: 'heartbeat-timeout',
      lastHeardAt: T0,
      detectedAt: T0 + 900,
    });
    p.connectionState(t2.connectionId, 'dead', { cause: 'fin', lastHeardAt: T0 + 350, detectedAt: T0 + 400 });
    expect(p.userState('a')).toBe('offline');
    const userStates = events
      .filter((e) => e.type === 'userState')
      .map((e) => e.type === 'userState' && [e.previous, e.state]);
    expect(userStates).toEqual([
      ['offline', 'online'],
      ['online', 'suspect'],
      ['suspect', 'online'],
      ['online', 'offline'],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'userState', at: T0 + 400, lastSeen: T0 + 350 });
  });

  it('emits connectionDead and sessionDead (with the liveness timestamps) synchronously, in order', () => {
    const { p, events, types } = make();
    const c = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws', id: 'ws-7' });
    expect(types()).toEqual(['sessionStarted', 'connectionAdded', 'userState']);
    events.length = 0;
    vi.advanceTimersByTime(2000);
    expect(
      p.connectionState('ws-7', 'dead', {
        cause: 'user-timeout',
        lastHeardAt: T0 + 100,
        detectedAt: T0 + 1990,
      }),
    ).toBe(true);
    expect(events).toEqual([
      {
        type: 'connectionDead',
        at: T0 + 2000,
        user: 'a',
        sessionId: c.sessionId,
        connectionId: 'ws-7',
        cause: 'user-timeout',
        lastHeardAt: T0 + 100,
        detectedAt: T0 + 1990,
      },
      {
        type: 'sessionDead',
        at: T0 + 2000,
        user: 'a',
        sessionId: c.sessionId,
        cause: 'user-timeout',
        lastHeardAt: T0 + 100,
        detectedAt: T0 + 1990,
      },
      {
        type: 'userState',
        at: T0 + 2000,
        user: 'a',
        state: 'offline',
        previous: 'online',
        lastSeen: T0 + 100,
        // The one record that explains the transition: which connection, why, what is left.
        cause: 'user-timeout',
        connectionId: 'ws-7',
        transport: 'ws',
        connections: [],
      },
    ]);
    expect(p.connectionState('ws-7', 'dead')).toBe(false); // late duplicate report: ignored
  });

  it('sessionDead only when the last connection of the session dies', () => {
    const { p, types } = make();
    const c1 = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    const c2 = p.connect({ user: 'a', sessionId: c1.sessionId, remote: '10.0.0.1', transport: 'sse' });
    expect(c2).toMatchObject({ sessionId: c1.sessionId, resumed: false });
    p.connectionState(c1.connectionId, 'dead', { cause: 'rst' });
    expect(types()).not.toContain('sessionDead');
    p.close(c2.connectionId);
    expect(types().filter((t) => t === 'sessionDead')).toHaveLength(1);
  });

  it('does not announce a state that did not change', () => {
    const { p, types } = make();
    const c = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    const before = types().length;
    p.connectionState(c.connectionId, 'alive');
    expect(types()).toHaveLength(before);
  });
});

describe('sessions and the grace period', () => {
  it('a session that comes back within graceMs resumes; later it has ended', () => {
    const { p, events, types } = make({ graceMs: 5000 });
    const first = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    p.connectionState(first.connectionId, 'dead', { cause: 'rst' });
    vi.advanceTimersByTime(4999);
    const back = p.connect({ user: 'a', sessionId: first.sessionId, remote: '10.0.0.2', transport: 'ws' });
    expect(back).toEqual({ sessionId: first.sessionId, connectionId: expect.any(String), resumed: true });
    expect(events.find((e) => e.type === 'sessionResumed')).toMatchObject({ awayMs: 4999 });
    vi.advanceTimersByTime(60_000);
    expect(types()).not.toContain('sessionEnded'); // the resumed session's timer was cancelled

    p.connectionState(back.connectionId, 'dead', { cause: 'fin' });
    vi.advanceTimersByTime(4999);
    expect(types()).not.toContain('sessionEnded');
    vi.advanceTimersByTime(1);
    expect(events.at(-1)).toMatchObject({
      type: 'sessionEnded',
      sessionId: first.sessionId,
      reason: 'grace-expired',
    });
    const again = p.connect({ user: 'a', sessionId: first.sessionId, remote: '10.0.0.2', transport: 'ws' });
    expect(again.resumed).toBe(false);
    expect(again.sessionId).not.toBe(first.sessionId);
  });

  it("never resumes another user's session", () => {
    const { p } = make();
    const a = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    const b = p.connect({ user: 'b', sessionId: a.sessionId, remote: '10.0.0.2', transport: 'ws' });
    expect(b.sessionId).not.toBe(a.sessionId);
    expect(b.resumed).toBe(false);
  });

  it('admin disconnect drops every connection of the user at once, without grace', () => {
    const { p, events } = make();
    const a1 = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    const a2 = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'sse' });
    p.connect({ user: 'b', remote: '10.0.0.2', transport: 'ws' });
    events.length = 0;
    expect(p.disconnectUser('a', { by: 'root' })).toEqual([a1.connectionId, a2.connectionId]);
    expect(events[0]).toMatchObject({ type: 'userDisconnected', user: 'a', by: 'root' });
    expect(events.filter((e) => e.type === 'sessionDead')).toHaveLength(2);
    expect(
      events.filter((e) => e.type === 'sessionEnded').map((e) => e.type === 'sessionEnded' && e.reason),
    ).toEqual(['disconnected', 'disconnected']);
    expect(p.userState('a')).toBe('offline');
    expect(p.userState('b')).toBe('online');
    expect(
      p.connect({ user: 'a', sessionId: a1.sessionId, remote: '10.0.0.1', transport: 'ws' }).resumed,
    ).toBe(false);
    expect(p.disconnectUser('nobody')).toEqual([]);
  });
});

describe('admin disconnect with blockMs', () => {
  it('keeps the user out for blockMs (their browser would reconnect at once otherwise)', () => {
    const { p } = make();
    p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    expect(p.blockedFor('a')).toBeUndefined();
    p.disconnectUser('a', { by: 'root', blockMs: 10_000 });
    expect(p.blockedFor('a')).toBe(10);
    expect(() => p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' })).toThrow(
      expect.objectContaining({ code: 'USER_DISCONNECTED', status: 403, details: { retryAfterS: 10 } }),
    );
    expect(p.connect({ user: 'b', remote: '10.0.0.1', transport: 'ws' }).resumed).toBe(false);
    vi.advanceTimersByTime(9_001);
    expect(p.blockedFor('a')).toBe(1);
    vi.advanceTimersByTime(999);
    expect(p.blockedFor('a')).toBeUndefined();
    expect(p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' }).resumed).toBe(false);
  });

  it('rejects a bad blockMs', () => {
    const { p } = make();
    expect(() => p.disconnectUser('a', { blockMs: -5 })).toThrow(
      new TypeError('blockMs must be a non-negative integer'),
    );
  });
});

describe('snapshot', () => {
  it('has exactly the GET /api/presence shape', () => {
    const { p } = make({ retainOfflineMs: 60_000 });
    const c = p.connect({ user: 'bob', remote: '::ffff:10.0.0.2', transport: 'ws', id: 'w1' });
    vi.advanceTimersByTime(10);
    p.connect({ user: 'alice', remote: 'fd00::1', transport: 'sse', id: 's1' });
    p.rtt(c.connectionId, 3.5);
    vi.advanceTimersByTime(10);
    expect(p.snapshot()).toEqual({
      users: [
        {
          name: 'alice',
          state: 'online',
          lastSeen: T0 + 20,
          connections: [{ id: 's1', remote: 'fd00::1', transport: 'sse', since: T0 + 10, rttMs: null }],
        },
        {
          name: 'bob',
          state: 'online',
          lastSeen: T0 + 20,
          connections: [{ id: 'w1', remote: '10.0.0.2', transport: 'ws', since: T0, rttMs: 3.5 }],
        },
      ],
    });
  });

  it('keeps offline users listed for retainOfflineMs after they were last seen', () => {
    const { p } = make({ retainOfflineMs: 60_000, graceMs: 1000 });
    const c = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    p.heard(c.connectionId, T0 + 500);
    vi.advanceTimersByTime(600);
    p.close(c.connectionId);
    vi.advanceTimersByTime(59_900); // retention counts from lastSeen (T0 + 500)
    expect(p.snapshot().users).toEqual([
      { name: 'a', state: 'offline', lastSeen: T0 + 500, connections: [] },
    ]);
    vi.advanceTimersByTime(1);
    expect(p.snapshot().users).toEqual([]);
  });
});

describe('follow(watch)', () => {
  it('feeds liveness watch events into connection states', () => {
    const { p, events } = make();
    const c = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    const watch = new EventEmitter();
    p.follow(c.connectionId, watch);
    watch.emit('suspect', { state: 'suspect', cause: null, lastHeardAt: T0, detectedAt: null, rttMs: 12 });
    expect(p.userState('a')).toBe('suspect');
    expect(p.snapshot().users[0]!.connections[0]!.rttMs).toBe(12);
    watch.emit('dead', {
      state: 'dead',
      cause: 'heartbeat-timeout',
      lastHeardAt: T0,
      detectedAt: T0 + 900,
      rttMs: 12,
    });
    expect(events.at(-1)).toMatchObject({ type: 'userState', state: 'offline' });
    expect(events.find((e) => e.type === 'sessionDead')).toMatchObject({
      cause: 'heartbeat-timeout',
      detectedAt: T0 + 900,
    });
  });
});

describe('listener errors', () => {
  it('a throwing listener does not stop sessionDead from reaching the others', () => {
    const errors: unknown[] = [];
    const { p } = make({ onListenerError: (err) => errors.push(err) });
    const dead: string[] = [];
    p.on('connectionDead', () => {
      throw new Error('broadcast failed');
    });
    p.on('sessionDead', (e) => dead.push(e.sessionId));
    const c = p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    expect(() => p.connectionState(c.connectionId, 'dead', { cause: 'rst' })).not.toThrow();
    expect(dead).toEqual([c.sessionId]);
    expect(errors).toEqual([new Error('broadcast failed')]);
    expect(p.userState('a')).toBe('offline');
  });

  it('off() removes a listener', () => {
    const { p } = make();
    const seen: string[] = [];
    const l = (e: { type: string }) => seen.push(e.type);
    p.on('sessionStarted', l);
    p.off('sessionStarted', l);
    p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' });
    expect(seen).toEqual([]);
  });
});

describe('options and inputs', () => {
  it.each([
    [{ maxUsers: 0 }, 'options.maxUsers must be a positive integer'],
    [{ retryAfterS: 1.5 }, 'options.retryAfterS must be a positive integer'],
    [{ graceMs: -1 }, 'options.graceMs must be a non-negative integer'],
    [{ retainOfflineMs: Infinity }, 'options.retainOfflineMs must be a non-negative integer'],
    [{ allow: ['300.0.0.0/8'] }, 'Invalid CIDR "300.0.0.0/8"'],
    [{ onListenerError: 'log' as unknown as () => void }, 'options.onListenerError must be a function'],
  ])('%j -> TypeError %s', (options, message) => {
    expect(() => createPresence(options)).toThrow(new TypeError(message));
  });

  it('rejects bad connect input', () => {
    const { p } = make();
    expect(() => p.connect({ user: 'a', remote: '10.0.0.1', transport: 'udp' as 'ws' })).toThrow(
      new TypeError('transport must be "ws", "sse" or "http"'),
    );
    p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws', id: 'x' });
    p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws', id: 'c1' });
    expect(p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws' }).connectionId).toBe('c2');
    expect(() => p.connect({ user: 'a', remote: '10.0.0.1', transport: 'ws', id: 'x' })).toThrow(
      new TypeError('Connection "x" already exists'),
    );
  });
});
