/**
 * At most one log line per key per window: a flood (a write of 20k frames, a reconnect loop,
 * a locked-out guesser) must not turn into a flood of log lines. `take` says whether to log
 * now and how many were held back since the last line, so the line can say so.
 */
export class WarnLimiter {
  readonly #last = new Map<string, { at: number; suppressed: number }>();
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(windowMs = 10_000, maxKeys = 10_000, now: () => number = Date.now) {
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
    this.#now = now;
  }

  /** null: stay quiet; otherwise log, mentioning `suppressed` earlier occurrences. */
  take(key: string): { suppressed: number } | null {
    const t = this.#now();
    const entry = this.#last.get(key);
    if (entry && t - entry.at < this.#windowMs) {
      entry.suppressed += 1;
      return null;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.#last.delete(key);
    this.#last.set(key, { at: t, suppressed: 0 });
    // Oldest first: a flood of distinct keys forgets old ones, never grows without bound.
    while (this.#last.size > this.#maxKeys) this.#last.delete(this.#last.keys().next().value as string);
    return { suppressed };
  }
}
