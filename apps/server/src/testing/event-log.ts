/** Events as a test client received them, and a way to wait for one that matches. */
export class EventLog<E> {
  /** Every event so far; tests may clear it (`length = 0`) to wait for a fresh one. */
  readonly events: E[] = [];
  readonly #waiters: { match: (e: E) => boolean; resolve: (e: E) => void }[] = [];

  push(event: E): void {
    this.events.push(event);
    for (const w of [...this.#waiters]) {
      if (w.match(event)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  }

  /** The first event (already seen or still to come) that matches, or a rejection after `timeoutMs`. */
  next(match: (e: E) => boolean, timeoutMs: number): Promise<E> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching event within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }
}
