export interface LockoutOptions {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
  /** Addresses remembered at once; the oldest are forgotten first. Default 10,000. */
  maxAddresses?: number;
  now?: () => number;
}

export type LockoutState = { locked: false } | { locked: true; retryAfterMs: number };

export interface Lockout {
  state(address: string): LockoutState;
  /** Records a failed login; returns the new state (locked once maxFailures fell within windowMs). */
  fail(address: string): LockoutState;
  succeed(address: string): void;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/** Failed-login counter per address: N failures within a window lock the address out for a while. */
export function createLockout(options: LockoutOptions): Lockout {
  const { maxFailures, windowMs, lockoutMs, maxAddresses = 10_000, now = Date.now } = options;
  const entries = new Map<string, Entry>();

  function state(address: string): LockoutState {
    const entry = entries.get(address);
    const t = now();
    if (!entry || entry.lockedUntil <= t) return { locked: false };
    return { locked: true, retryAfterMs: entry.lockedUntil - t };
  }

  function fail(address: string): LockoutState {
    const t = now();
    // Delete and re-insert, so the Map's order is "least recently failed first" for eviction.
    const entry = entries.get(address) ?? { failures: [], lockedUntil: 0 };
    entries.delete(address);
    entry.failures = entry.failures.filter((at) => t - at < windowMs);
    entry.failures.push(t);
    if (entry.failures.length >= maxFailures) {
      entry.lockedUntil = t + lockoutMs;
      entry.failures = [];
    }
    entries.set(address, entry);
    while (entries.size > maxAddresses) entries.delete(entries.keys().next().value as string);
    return state(address);
  }

  return { state, fail, succeed: (address) => void entries.delete(address) };
}
