import { createHmac, randomBytes } from 'node:crypto';

// Basic sends the password with every request, and checking it is an scrypt: ~50 ms of a
// Raspberry Pi 4 core and 16 MiB. A script polling the board once a second would spend 5 % of
// a core on that alone. A password that passed is remembered for a while, as an HMAC of name
// and password under a key this process made at start (the password itself is never kept),
// together with the stored hash it passed against: a new password or a removed user misses.
// Failures are never remembered: every wrong guess still pays the full price.

export interface RememberedLoginsOptions {
  /** How long a password that passed is taken without scrypt. 0 turns remembering off. */
  ttlMs: number;
  /** At most this many (the oldest go first). */
  max: number;
  now?: () => number;
}

export const DEFAULT_REMEMBERED_LOGINS: RememberedLoginsOptions = { ttlMs: 5 * 60_000, max: 64 };

export class RememberedLogins {
  readonly #key = randomBytes(32);
  /** HMAC(name, password) → the stored hash it passed against, and until when it counts. */
  readonly #passed = new Map<string, { storedHash: string; until: number }>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: RememberedLoginsOptions = DEFAULT_REMEMBERED_LOGINS) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.max;
    this.#now = options.now ?? Date.now;
  }

  /** Whether this name and password passed against `storedHash` within the time-to-live. */
  has(name: string, password: string, storedHash: string): boolean {
    const id = this.#id(name, password);
    const entry = this.#passed.get(id);
    if (!entry) return false;
    if (entry.until <= this.#now() || entry.storedHash !== storedHash) {
      this.#passed.delete(id);
      return false;
    }
    return true;
  }

  remember(name: string, password: string, storedHash: string): void {
    if (this.#ttlMs <= 0 || this.#max <= 0) return;
    const id = this.#id(name, password);
    this.#passed.delete(id); // re-inserted last: the oldest stay first in line to go
    this.#passed.set(id, { storedHash, until: this.#now() + this.#ttlMs });
    while (this.#passed.size > this.#max) this.#passed.delete(this.#passed.keys().next().value as string);
  }

  get size(): number {
    return this.#passed.size;
  }

  // A NUL cannot appear in a user name, so no two (name, password) pairs share an input.
  #id(name: string, password: string): string {
    return createHmac('sha256', this.#key).update(name).update('\0').update(password).digest('base64');
  }
}
