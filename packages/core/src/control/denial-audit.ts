/** What the coalescer needs of a refusal's audit row. */
export interface Denial {
  requestedAt: number;
  completedAt?: number;
  detail?: Record<string, unknown> | null | undefined;
}

interface Pending<D> {
  first: D;
  since: number;
  repeated: number;
  lastAt: number;
}

/**
 * Refusals are audited, but a flood of the same refusal must not fill the disk (issue 12: a
 * viewer at 574 req/s grew the audit log by 59 MB in 10 s). The first refusal of a kind
 * (user, line, error) in a window is written at once; the repeats within the window are only
 * counted, and one row per kind says how many there were (`detail.repeated`, first and last
 * time) when the window ends or the controller closes.
 */
export class DenialCoalescer<D extends Denial> {
  readonly #pending = new Map<string, Pending<D>>();
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #write: (entry: D) => void;
  readonly #kindOf: (entry: D) => string;
  readonly #maxKinds: number;
  readonly #timer: NodeJS.Timeout;

  constructor(options: {
    windowMs: number;
    now: () => number;
    /** Identifies a kind of refusal (who, which line, which error). */
    kindOf: (entry: D) => string;
    write: (entry: D) => void;
    maxKinds?: number;
  }) {
    this.#kindOf = options.kindOf;
    this.#windowMs = options.windowMs;
    this.#now = options.now;
    this.#write = options.write;
    this.#maxKinds = options.maxKinds ?? 1000;
    this.#timer = setInterval(() => this.flush(false), options.windowMs);
    this.#timer.unref();
  }

  /** True when this refusal is to be written now; false when it was counted into a later row. */
  admit(entry: D): boolean {
    const key = this.#kindOf(entry);
    const t = this.#now();
    const open = this.#pending.get(key);
    if (open && t - open.since < this.#windowMs) {
      open.repeated += 1;
      open.lastAt = t;
      return false;
    }
    if (open) this.#summarise(key, open);
    this.#pending.set(key, { first: entry, since: t, repeated: 0, lastAt: t });
    // Too many kinds at once: the oldest are summarised early rather than forgotten.
    for (const [k, p] of this.#pending) {
      if (this.#pending.size <= this.#maxKinds) break;
      this.#summarise(k, p);
    }
    return true;
  }

  /** Writes the counts of windows that ended (all of them when `all`). */
  flush(all = true): void {
    const t = this.#now();
    for (const [key, p] of this.#pending) if (all || t - p.since >= this.#windowMs) this.#summarise(key, p);
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush(true);
  }

  #summarise(key: string, p: Pending<D>): void {
    this.#pending.delete(key);
    if (p.repeated === 0) return;
    this.#write({
      ...p.first,
      requestedAt: p.lastAt,
      completedAt: p.lastAt,
      detail: { ...p.first.detail, repeated: p.repeated, firstAt: p.since, lastAt: p.lastAt },
    });
  }
}
