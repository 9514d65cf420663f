import { ALLOW_ALL, createAllowlist, type Allowlist } from './cidr.js';
import { rethrowLater, type ListenerErrorHandler } from './listeners.js';

export interface PresenceOptions {
  /** Distinct users with a live connection at once; tabs of one user count once. Default 10. */
  maxUsers?: number;
  /** CIDR allowlist; default everything. */
  allow?: readonly string[];
  /** Retry-After for SERVER_FULL, seconds. Default 30. */
  retryAfterS?: number;
  /** How long a session without live connections may come back. Default 30 s. */
  graceMs?: number;
  /** How long an offline user stays in snapshot(). Default 10 min. */
  retainOfflineMs?: number;
  now?: () => number;
  /** Called when an event listener throws; default: rethrow on a later tick (stays loud). */
  onListenerError?: ListenerErrorHandler;
}

export interface ResolvedPresenceOptions {
  maxUsers: number;
  allowlist: Allowlist;
  retryAfterS: number;
  graceMs: number;
  retainOfflineMs: number;
  now: () => number;
  onListenerError: ListenerErrorHandler;
}

const defaults = {
  maxUsers: 10,
  allow: ALLOW_ALL,
  retryAfterS: 30,
  graceMs: 30_000,
  retainOfflineMs: 10 * 60_000,
};

function int(value: unknown, name: string, min: 0 | 1): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new TypeError(`options.${name} must be a ${min === 1 ? 'positive' : 'non-negative'} integer`);
  }
  return value as number;
}

export function resolvePresenceOptions(options: PresenceOptions = {}): ResolvedPresenceOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const o = { ...defaults, ...options };
  if (o.now !== undefined && typeof o.now !== 'function') {
    throw new TypeError('options.now must be a function');
  }
  if (o.onListenerError !== undefined && typeof o.onListenerError !== 'function') {
    throw new TypeError('options.onListenerError must be a function');
  }
  return {
    maxUsers: int(o.maxUsers, 'maxUsers', 1),
    allowlist: createAllowlist(o.allow),
    retryAfterS: int(o.retryAfterS, 'retryAfterS', 1),
    graceMs: int(o.graceMs, 'graceMs', 0),
    retainOfflineMs: int(o.retainOfflineMs, 'retainOfflineMs', 0),
    now: o.now ?? (() => Date.now()),
    onListenerError: o.onListenerError ?? rethrowLater,
  };
}
