/** Per-key token buckets (`perSec` sustained, `burst` at once), at most `maxKeys` remembered. */
export class RateByKey {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #perSec: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #maxKeys: number;

  constructor(perSec: number, burst: number, now: () => number = Date.now, maxKeys = 10_000) {
    this.#perSec = perSec;
    this.#burst = burst;
    this.#now = now;
    this.#maxKeys = maxKeys;
  }

  /** Takes one token for `key`; false when its bucket is empty. */
  take(key: string): boolean {
    const t = this.#now();
    const b = this.#buckets.get(key) ?? { tokens: this.#burst, at: t };
    this.#buckets.delete(key);
    b.tokens = Math.min(this.#burst, b.tokens + ((t - b.at) / 1000) * this.#perSec);
    b.at = t;
    this.#buckets.set(key, b);
    while (this.#buckets.size > this.#maxKeys)
      this.#buckets.delete(this.#buckets.keys().next().value as string);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
