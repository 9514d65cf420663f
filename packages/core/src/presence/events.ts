export type Transport = 'ws' | 'sse' | 'http';
const TRANSPORTS: readonly Transport[] = ['ws', 'sse', 'http'];

/** Whether `value` names one of the server's transports (a record read back, user input). */
export function isTransport(value: unknown): value is Transport {
  return typeof value === 'string' && (TRANSPORTS as readonly string[]).includes(value);
}

export type ConnectionState = 'alive' | 'suspect' | 'dead';
export type UserPresenceState = 'online' | 'suspect' | 'offline';

/** One connection as `GET /api/presence` shows it. Times are epoch ms. */
export interface ConnectionInfo {
  id: string;
  remote: string;
  transport: Transport;
  since: number;
  rttMs: number | null;
  /** Learned per-packet loss (0..1) once the liveness watch has a figure. */
  loss?: number;
}

export interface PresenceUser {
  name: string;
  state: UserPresenceState;
  lastSeen: number;
  connections: ConnectionInfo[];
}

export interface PresenceSnapshot {
  users: PresenceUser[];
}

/** What the liveness engine reports with a state change (a `LivenessSnapshot` fits). */
export interface LivenessReport {
  cause?: string | null;
  lastHeardAt?: number;
  detectedAt?: number | null;
  rttMs?: number | null;
}

interface Base {
  at: number;
  user: string;
}

export interface PresenceEventMap {
  connectionAdded: Base & { type: 'connectionAdded'; sessionId: string; connection: ConnectionInfo };
  connectionState: Base & {
    type: 'connectionState';
    sessionId: string;
    connectionId: string;
    state: 'alive' | 'suspect';
    previous: ConnectionState;
    cause: string | null;
    lastHeardAt: number;
    detectedAt: number;
  };
  connectionDead: Base & {
    type: 'connectionDead';
    sessionId: string;
    connectionId: string;
    cause: string;
    lastHeardAt: number;
    detectedAt: number;
  };
  sessionStarted: Base & { type: 'sessionStarted'; sessionId: string };
  sessionResumed: Base & { type: 'sessionResumed'; sessionId: string; awayMs: number };
  sessionDead: Base & {
    type: 'sessionDead';
    sessionId: string;
    cause: string;
    lastHeardAt: number;
    detectedAt: number;
  };
  sessionEnded: Base & { type: 'sessionEnded'; sessionId: string; reason: 'grace-expired' | 'disconnected' };
  /** One record per user transition that explains it: which connection changed, why, and what is left. */
  userState: Base & {
    type: 'userState';
    state: UserPresenceState;
    previous: UserPresenceState;
    lastSeen: number;
    /** Why the triggering connection changed: 'connected', a death cause ('close', 'rst', ...), 'suspect'/'alive' causes. */
    cause: string;
    connectionId: string;
    transport: Transport;
    /** The user's connections after the change (none when offline). */
    connections: { id: string; transport: Transport; state: Exclude<ConnectionState, 'dead'> }[];
  };
  userDisconnected: Base & { type: 'userDisconnected'; by: string | null; connectionIds: string[] };
}

export type PresenceEventType = keyof PresenceEventMap;
export type PresenceEvent = PresenceEventMap[PresenceEventType];
