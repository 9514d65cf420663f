export interface LockoutOptions {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
  /** Keys remembered at once; the oldest are forgotten first. Default 10,000. */
  maxAddresses?: number;
  now?: () => number;
}

export type LockoutState = { locked: false } | { locked: true; retryAfterMs: number };

/** One login attempt in flight: counted against its key until it settles. */
export interface Attempt {
  /** The password was wrong: the attempt stays counted as a failure. */
  fail(): LockoutState;
  /** The password was right: the attempt no longer counts (other failures stay). */
  succeed(): void;
}

export interface Lockout {
  state(key: string): LockoutState;
  /** Records a failed login; returns the new state (locked once maxFailures fell within windowMs). */
  fail(key: string): LockoutState;
  /**
   * Starts an attempt before the (slow) password check, so parallel attempts cannot all pass
   * while the first ones are still being checked: when failures plus attempts in flight reach
   * maxFailures, it waits for those in flight to settle, then decides. Resolves to the lockout
   * state when locked, or to the attempt.
   */
  begin(key: string): Promise<{ locked: true; retryAfterMs: number } | { locked: false; attempt: Attempt }>;
  /** Forgets a key's failures (a right password for that account; never for an address). */
  clear(key: string): void;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
  inFlight: number;
  waiters: (() => void)[];
}

/** Failed-login counter per key (an address or an account): N failures within a window lock it. */
export function createLockout(options: LockoutOptions): Lockout {
  const { maxFailures, windowMs, lockoutMs, maxAddresses = 10_000, now = Date.now } = options;
  const entries = new Map<string, Entry>();

  function state(key: string): LockoutState {
    const entry = entries.get(key);
    const t = now();
    if (!entry || entry.lockedUntil <= t) return { locked: false };
    return { locked: true, retryAfterMs: entry.lockedUntil - t };
  }

  /** The key's entry, moved to the end so the Map's order is "least recently used first". */
  function touch(key: string): Entry {
    const entry = entries.get(key) ?? { failures: [], lockedUntil: 0, inFlight: 0, waiters: [] };
    entries.delete(key);
    entries.set(key, entry);
    // Never forget a key with attempts in flight: their settling would find nothing to count.
    for (const [k, e] of entries) {
      if (entries.size <= maxAddresses) break;
      if (e.inFlight === 0) entries.delete(k);
    }
    return entry;
  }

  function fail(key: string): LockoutState {
    const t = now();
    const entry = touch(key);
    entry.failures = entry.failures.filter((at) => t - at < windowMs);
    entry.failures.push(t);
    if (entry.failures.length >= maxFailures) {
      entry.lockedUntil = t + lockoutMs;
      entry.failures = [];
    }
    return state(key);
  }

  function settle(entry: Entry): void {
    entry.inFlight -= 1;
    for (const wake of entry.waiters.splice(0)) wake();
  }

  async function begin(
    key: string,
  ): Promise<{ locked: true; retryAfterMs: number } | { locked: false; attempt: Attempt }> {
    for (;;) {
      const s = state(key);
      if (s.locked) return s;
      const entry = touch(key);
      const t = now();
      const recent = entry.failures.filter((at) => t - at < windowMs).length;
      if (recent + entry.inFlight < maxFailures) {
        entry.inFlight += 1;
        let settled = false;
        return {
          locked: false,
          attempt: {
            fail() {
              if (!settled) {
                settled = true;
                settle(entry);
              }
              return fail(key);
            },
            succeed() {
              if (settled) return;
              settled = true;
              settle(entry);
            },
          },
        };
      }
      await new Promise<void>((resolve) => entry.waiters.push(resolve));
    }
  }

  return {
    state,
    fail,
    begin,
    clear(key) {
      const entry = entries.get(key);
      if (entry) entry.failures = [];
    },
  };
}
