// Who is connected, by user and connection, and what everyone is told when that changes.
// Over 400 lines on purpose: one state machine (admission, join, suspect, dead, leave, the
// snapshot and its deltas) read as a whole; admission rules live in admission.ts.
import { randomUUID } from 'node:crypto';
import { PulseboardError } from '../errors.js';
import { checkAdmission, type AdmissionResult } from './admission.js';
import type {
  ConnectionInfo,
  ConnectionState,
  LivenessReport,
  PresenceEvent,
  PresenceEventMap,
  PresenceEventType,
  PresenceSnapshot,
  PresenceUser,
  Transport,
  UserPresenceState,
} from './events.js';
import { isTransport } from './events.js';
import { normalizeAddress } from './ip.js';
import { createListeners } from './listeners.js';
import { resolvePresenceOptions, type PresenceOptions } from './options.js';

export interface ConnectInput {
  user: string;
  /** Resume token the client kept; unknown or another user's -> a new session. */
  sessionId?: string;
  remote: string;
  transport: Transport;
  /** Connection id; default generated ('c1', 'c2', ...). */
  id?: string;
}

export interface ConnectResult {
  sessionId: string;
  connectionId: string;
  resumed: boolean;
}

/** The part of a liveness watch presence needs (`watchSocket` / `watchWebSocket` results fit). */
export interface WatchLike {
  on(event: 'suspect' | 'alive' | 'dead', listener: (s: LivenessReport) => void): unknown;
}

interface Connection extends ConnectionInfo {
  sessionId: string;
  user: string;
  state: Exclude<ConnectionState, 'dead'>;
  lastHeardAt: number;
}

interface Session {
  id: string;
  user: string;
  connections: Map<string, Connection>;
  graceTimer: NodeJS.Timeout | undefined;
  awaySince: number | undefined;
}

interface UserEntry {
  name: string;
  sessions: Set<string>;
  state: UserPresenceState;
  lastSeen: number;
}

type Why = Pick<PresenceEventMap['userState'], 'cause' | 'connectionId' | 'transport'>;

export type Presence = ReturnType<typeof createPresence>;

/**
 * Users -> sessions -> connections. Every change is applied first and then announced with a
 * synchronous event, so a listener that pushes to clients sees the new state (and can do so
 * within the same tick as the detection).
 */
export function createPresence(options: PresenceOptions = {}) {
  const o = resolvePresenceOptions(options);
  const now = o.now;
  const listeners = createListeners<PresenceEvent>(o.onListenerError);
  const users = new Map<string, UserEntry>();
  const sessions = new Map<string, Session>();
  const connections = new Map<string, Connection>();
  const blocked = new Map<string, number>(); // user -> blocked until (admin disconnect)
  let nextId = 0;

  function emit<K extends PresenceEventType>(event: PresenceEventMap[K]): void {
    listeners.emit(event.type, event as PresenceEvent);
    listeners.emit('change', event as PresenceEvent);
  }

  function connectedUsers(): string[] {
    return [...users.values()].filter((u) => userConnections(u).length > 0).map((u) => u.name);
  }

  function userConnections(user: UserEntry): Connection[] {
    const list: Connection[] = [];
    for (const id of user.sessions)
      for (const c of sessions.get(id)?.connections.values() ?? []) list.push(c);
    return list;
  }

  /** `why`: the connection change that led here, so the userState event explains itself. */
  function refreshUser(user: UserEntry, at: number, why: Why, lastSeenIfOffline?: number): void {
    const conns = userConnections(user);
    const state: UserPresenceState = conns.some((c) => c.state === 'alive')
      ? 'online'
      : conns.length > 0
        ? 'suspect'
        : 'offline';
    if (state === 'online') user.lastSeen = at;
    else if (conns.length > 0) user.lastSeen = Math.max(...conns.map((c) => c.lastHeardAt));
    else if (lastSeenIfOffline !== undefined) user.lastSeen = lastSeenIfOffline;
    if (state === user.state) return;
    const previous = user.state;
    user.state = state;
    emit({
      type: 'userState',
      at,
      user: user.name,
      state,
      previous,
      lastSeen: user.lastSeen,
      ...why,
      connections: conns.map((c) => ({ id: c.id, transport: c.transport, state: c.state })),
    });
  }

  function admit(user: string, remote: string): AdmissionResult {
    return checkAdmission({
      user,
      remote,
      connectedUsers: connectedUsers(),
      maxUsers: o.maxUsers,
      allowlist: o.allowlist,
      retryAfterS: o.retryAfterS,
    });
  }

  /** Seconds until a user disconnected with `blockMs` may come back, or undefined. */
  function blockedFor(user: string): number | undefined {
    const until = blocked.get(user);
    if (until === undefined) return undefined;
    const left = until - now();
    if (left <= 0) {
      blocked.delete(user);
      return undefined;
    }
    return Math.ceil(left / 1000);
  }

  function connect(input: ConnectInput): ConnectResult {
    if (!input || typeof input.user !== 'string' || input.user === '') {
      throw new TypeError('user must be a non-empty string');
    }
    if (typeof input.remote !== 'string') throw new TypeError('remote must be a string');
    if (!isTransport(input.transport)) throw new TypeError('transport must be "ws", "sse" or "http"');
    if (input.id !== undefined && (typeof input.id !== 'string' || input.id === '')) {
      throw new TypeError('id must be a non-empty string');
    }
    if (input.id !== undefined && connections.has(input.id)) {
      throw new TypeError(`Connection "${input.id}" already exists`);
    }
    const retryAfterS = blockedFor(input.user);
    if (retryAfterS !== undefined) throw new PulseboardError('USER_DISCONNECTED', undefined, { retryAfterS });
    const admission = admit(input.user, input.remote);
    if (!admission.ok) {
      const { ok: _ok, code, ...details } = admission;
      throw new PulseboardError(code, undefined, details);
    }
    const at = now();
    let user = users.get(input.user);
    if (!user) {
      user = { name: input.user, sessions: new Set(), state: 'offline', lastSeen: at };
      users.set(user.name, user);
    }
    let session = input.sessionId !== undefined ? sessions.get(input.sessionId) : undefined;
    let resumed = false;
    if (session && session.user === user.name) {
      if (session.awaySince !== undefined) {
        clearTimeout(session.graceTimer);
        const awayMs = at - session.awaySince;
        session.graceTimer = undefined;
        session.awaySince = undefined;
        resumed = true;
        emit({ type: 'sessionResumed', at, user: user.name, sessionId: session.id, awayMs });
      }
    } else {
      session = {
        id: randomUUID(),
        user: user.name,
        connections: new Map(),
        graceTimer: undefined,
        awaySince: undefined,
      };
      sessions.set(session.id, session);
      user.sessions.add(session.id);
      emit({ type: 'sessionStarted', at, user: user.name, sessionId: session.id });
    }
    let id = input.id;
    while (id === undefined || connections.has(id)) id = `c${++nextId}`; // never collide with a caller's id
    const connection: Connection = {
      id,
      remote: normalizeAddress(input.remote),
      transport: input.transport,
      since: at,
      rttMs: null,
      sessionId: session.id,
      user: user.name,
      state: 'alive',
      lastHeardAt: at,
    };
    session.connections.set(connection.id, connection);
    connections.set(connection.id, connection);
    emit({
      type: 'connectionAdded',
      at,
      user: user.name,
      sessionId: session.id,
      connection: publicInfo(connection),
    });
    refreshUser(user, at, {
      cause: 'connected',
      connectionId: connection.id,
      transport: connection.transport,
    });
    return { sessionId: session.id, connectionId: connection.id, resumed };
  }

  function startGrace(session: Session, at: number): void {
    session.awaySince = at;
    session.graceTimer = setTimeout(() => endSession(session, 'grace-expired'), o.graceMs);
    session.graceTimer.unref?.();
  }

  function endSession(session: Session, reason: 'grace-expired' | 'disconnected'): void {
    clearTimeout(session.graceTimer);
    sessions.delete(session.id);
    users.get(session.user)?.sessions.delete(session.id);
    emit({ type: 'sessionEnded', at: now(), user: session.user, sessionId: session.id, reason });
  }

  function removeConnection(connection: Connection, report: LivenessReport, defaultCause: string): void {
    const at = now();
    const session = sessions.get(connection.sessionId)!;
    const user = users.get(connection.user)!;
    const cause = report.cause ?? defaultCause;
    const lastHeardAt = report.lastHeardAt ?? connection.lastHeardAt;
    const detectedAt = report.detectedAt ?? at;
    connections.delete(connection.id);
    session.connections.delete(connection.id);
    const base = { at, user: user.name, sessionId: session.id };
    emit({ type: 'connectionDead', ...base, connectionId: connection.id, cause, lastHeardAt, detectedAt });
    if (session.connections.size === 0) {
      emit({ type: 'sessionDead', ...base, cause, lastHeardAt, detectedAt });
      startGrace(session, at);
    }
    const why = { cause, connectionId: connection.id, transport: connection.transport };
    refreshUser(user, at, why, Math.max(user.state === 'online' ? 0 : user.lastSeen, lastHeardAt));
  }

  function connectionState(id: string, state: ConnectionState, report: LivenessReport = {}): boolean {
    const connection = connections.get(id);
    if (!connection) return false; // late report for a connection already gone: harmless
    if (report.lastHeardAt !== undefined) {
      connection.lastHeardAt = Math.max(connection.lastHeardAt, report.lastHeardAt);
    }
    if (report.rttMs !== undefined && report.rttMs !== null) connection.rttMs = report.rttMs;
    if (state === 'dead') {
      removeConnection(connection, report, 'unknown');
      return true;
    }
    if (state !== 'alive' && state !== 'suspect') {
      throw new TypeError('state must be "alive", "suspect" or "dead"');
    }
    if (state === connection.state) return true;
    const at = now();
    const previous = connection.state;
    connection.state = state;
    emit({
      type: 'connectionState',
      at,
      user: connection.user,
      sessionId: connection.sessionId,
      connectionId: id,
      state,
      previous,
      cause: report.cause ?? null,
      lastHeardAt: connection.lastHeardAt,
      detectedAt: report.detectedAt ?? at,
    });
    refreshUser(users.get(connection.user)!, at, {
      cause: report.cause ?? state,
      connectionId: id,
      transport: connection.transport,
    });
    return true;
  }

  function disconnectUser(name: string, opts: { by?: string; blockMs?: number } = {}): string[] {
    const { by = null, blockMs = 0 } = opts;
    if (!Number.isSafeInteger(blockMs) || blockMs < 0) {
      throw new TypeError('blockMs must be a non-negative integer');
    }
    if (blockMs > 0) blocked.set(name, now() + blockMs);
    const user = users.get(name);
    if (!user) return [];
    const own = [...user.sessions].map((id) => sessions.get(id)!);
    const connectionIds = own.flatMap((s) => [...s.connections.keys()]);
    emit({ type: 'userDisconnected', at: now(), user: name, by, connectionIds });
    for (const session of own) {
      for (const c of [...session.connections.values()])
        removeConnection(c, { cause: 'disconnected' }, 'disconnected');
      endSession(session, 'disconnected');
    }
    return connectionIds;
  }

  function publicInfo(c: Connection): ConnectionInfo {
    const info: ConnectionInfo = {
      id: c.id,
      remote: c.remote,
      transport: c.transport,
      since: c.since,
      rttMs: c.rttMs,
    };
    if (c.loss !== undefined) info.loss = c.loss;
    return info;
  }

  function userView(u: UserEntry, at: number): PresenceUser {
    return {
      name: u.name,
      state: u.state,
      lastSeen: u.state === 'online' ? at : u.lastSeen,
      connections: userConnections(u)
        .sort((a, b) => a.since - b.since)
        .map(publicInfo),
    };
  }

  function snapshot(): PresenceSnapshot {
    const at = now();
    for (const user of [...users.values()]) {
      if (user.state === 'offline' && user.sessions.size === 0 && at - user.lastSeen > o.retainOfflineMs) {
        users.delete(user.name);
      }
    }
    const list = [...users.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((u) => userView(u, at));
    return { users: list };
  }

  return {
    admit,
    connect,
    connectionState,
    /** An orderly close (FIN, WS close frame): the connection is dead with this cause. */
    close: (id: string, report: LivenessReport = {}) =>
      connectionState(id, 'dead', { cause: 'close', ...report }),
    heard(id: string, at: number = now()): boolean {
      const c = connections.get(id);
      if (!c) return false;
      c.lastHeardAt = Math.max(c.lastHeardAt, at);
      return true;
    },
    rtt(id: string, rttMs: number, loss?: number): boolean {
      const c = connections.get(id);
      if (!c) return false;
      c.rttMs = rttMs;
      if (loss !== undefined) c.loss = loss;
      return true;
    },
    /** Feeds a liveness watch's suspect/alive/dead events into connectionState(). */
    follow(id: string, watch: WatchLike): void {
      watch.on('suspect', (s) => connectionState(id, 'suspect', s));
      watch.on('alive', (s) => connectionState(id, 'alive', s));
      watch.on('dead', (s) => connectionState(id, 'dead', s));
    },
    disconnectUser,
    blockedFor,
    snapshot,
    /** One user's entry as in snapshot() (a presence delta), or undefined when unknown. */
    userSnapshot(name: string): PresenceUser | undefined {
      const u = users.get(name);
      return u ? userView(u, now()) : undefined;
    },
    userState: (name: string): UserPresenceState => users.get(name)?.state ?? 'offline',
    connectedUsers,
    sessionOf: (connectionId: string): string | undefined => connections.get(connectionId)?.sessionId,
    on<K extends PresenceEventType | 'change'>(
      type: K,
      listener: (event: K extends PresenceEventType ? PresenceEventMap[K] : PresenceEvent) => void,
    ): void {
      listeners.on(type, listener as (event: PresenceEvent) => void);
    },
    off<K extends PresenceEventType | 'change'>(
      type: K,
      listener: (event: K extends PresenceEventType ? PresenceEventMap[K] : PresenceEvent) => void,
    ): void {
      listeners.off(type, listener as (event: PresenceEvent) => void);
    },
    /** Clears the grace timers (shutdown, tests). */
    dispose(): void {
      for (const s of sessions.values()) clearTimeout(s.graceTimer);
    },
  };
}
