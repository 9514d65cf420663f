/** How long a connection stays suspect before everyone is told (ms). */
export const SUSPECT_HOLD_MS = 250;

/**
 * Damps suspect/alive flaps before they reach every session. Each told change is a presence
 * event to every socket, so N connections flapping under load cost N x sockets frames, which
 * starves the machine further and turns late answers into false deaths (issue 11/13: the
 * footprint run's storm). A suspect is told once it lasted `holdMs`; a recovery only if its
 * suspect was told. A death is always told at once (by the caller), ending any hold.
 */
export class SuspectHold {
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #told = new Set<string>();

  constructor(readonly holdMs: number = SUSPECT_HOLD_MS) {}

  /** Connections whose suspect waits to be told. */
  get pending(): number {
    return this.#pending.size;
  }

  /** A connection turned suspect: `tell` runs once it stayed so for holdMs (now when 0). */
  suspect(id: string, tell: () => void): void {
    if (this.#pending.has(id) || this.#told.has(id)) return;
    if (this.holdMs <= 0) {
      this.#told.add(id);
      return tell();
    }
    const timer = setTimeout(() => {
      this.#pending.delete(id);
      this.#told.add(id);
      tell();
    }, this.holdMs);
    timer.unref();
    this.#pending.set(id, timer);
  }

  /** Back alive: true when its suspect was told, so its recovery must be told too. */
  alive(id: string): boolean {
    if (this.#cancel(id)) return false;
    return this.#told.delete(id);
  }

  /** The connection is gone (dead or closed): nothing more is told for it. */
  forget(id: string): void {
    this.#cancel(id);
    this.#told.delete(id);
  }

  #cancel(id: string): boolean {
    const timer = this.#pending.get(id);
    if (timer === undefined) return false;
    clearTimeout(timer);
    this.#pending.delete(id);
    return true;
  }
}
