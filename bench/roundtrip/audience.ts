// N WebSocket clients that parse every message (as a panel does) and can tell when *all* of them
// have seen a matching event. The same client code watches Pulseboard and the bare baseline,
// so the client side costs the same in both columns.
import { WebSocket } from 'ws';

export interface WireEvent {
  type: string;
  [key: string]: unknown;
}

type Match = (e: WireEvent) => boolean;

interface Waiter {
  match: Match;
  resolve: (at: number) => void;
  reject: (err: Error) => void;
}

export class Audience {
  readonly sockets: WebSocket[];
  #all: { match: Match; seen: boolean[]; left: number; resolve: (at: number) => void } | undefined;
  readonly #one = new Map<number, Waiter[]>();
  readonly #closed = new Map<number, string>();

  private constructor(sockets: WebSocket[]) {
    this.sockets = sockets;
    sockets.forEach((ws, i) => {
      ws.on('message', (data) => this.#onMessage(i, data.toString()));
      ws.on('close', (code, reason) => this.#closed.set(i, `${code} ${reason.toString()}`.trim()));
    });
  }

  /** For a stuck round trip: who has not seen the awaited event, and which sockets closed how. */
  describe(): string {
    const missing = this.#all ? this.#all.seen.flatMap((seen, i) => (seen ? [] : [i])) : [];
    const closed = [...this.#closed].map(([i, why]) => `#${i} closed ${why}`);
    return `waiting for [${missing.join(', ')}]` + (closed.length ? `; ${closed.join('; ')}` : '');
  }

  /** Opens every socket and waits for its first message (Pulseboard's `hello`). */
  static async open(
    urls: { url: string; headers?: Record<string, string> }[],
    timeoutMs = 5000,
  ): Promise<Audience> {
    const sockets = await Promise.all(
      urls.map(
        ({ url, headers }) =>
          new Promise<WebSocket>((resolve, reject) => {
            const ws = new WebSocket(url, { headers, perMessageDeflate: false });
            const timer = setTimeout(() => {
              ws.terminate();
              reject(new Error(`${url}: no first message within ${timeoutMs} ms`));
            }, timeoutMs);
            ws.once('message', () => {
              clearTimeout(timer);
              resolve(ws);
            });
            ws.once('unexpected-response', (_req, res) => {
              clearTimeout(timer);
              reject(new Error(`${url}: upgrade refused with HTTP ${res.statusCode}`));
              res.resume();
              ws.terminate();
            });
            ws.once('error', (err) => {
              clearTimeout(timer);
              reject(err);
            });
          }),
      ),
    );
    return new Audience(sockets);
  }

  #onMessage(i: number, text: string): void {
    const event = JSON.parse(text) as WireEvent;
    const all = this.#all;
    if (all && !all.seen[i] && all.match(event)) {
      all.seen[i] = true;
      if (--all.left === 0) {
        this.#all = undefined;
        all.resolve(performance.now());
      }
    }
    const waiters = this.#one.get(i);
    if (!waiters) return;
    for (const w of [...waiters]) {
      if (event.type === 'error') w.reject(new Error(`server error: ${JSON.stringify(event)}`));
      else if (w.match(event)) w.resolve(performance.now());
      else continue;
      waiters.splice(waiters.indexOf(w), 1);
    }
  }

  /** Resolves with performance.now() at the moment the last socket saw a matching event. */
  allSee(match: Match): Promise<number> {
    if (this.#all) throw new Error('allSee is already armed');
    return new Promise((resolve) => {
      this.#all = { match, seen: this.sockets.map(() => false), left: this.sockets.length, resolve };
    });
  }

  /** One socket sees a matching event; an `error` event on that socket rejects. */
  oneSees(index: number, match: Match): Promise<number> {
    return new Promise((resolve, reject) => {
      const list = this.#one.get(index) ?? [];
      list.push({ match, resolve, reject });
      this.#one.set(index, list);
    });
  }

  send(index: number, message: unknown): void {
    this.sockets[index]!.send(JSON.stringify(message));
  }

  /** Drops pending waits (after a timeout) so the next round trip starts clean. */
  reset(): void {
    this.#all = undefined;
    this.#one.clear();
  }

  async close(): Promise<void> {
    await Promise.all(
      this.sockets.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            ws.once('close', () => resolve());
            ws.close();
            setTimeout(() => {
              ws.terminate();
              resolve();
            }, 1000).unref();
          }),
      ),
    );
  }
}

/** The event every path waits for: the line's confirmed state (value set, nothing pending). */
export const confirmedState =
  (line: string, value: 0 | 1): Match =>
  (e) => {
    if (e.type !== 'state') return false;
    const s = e.line as { name?: string; value?: unknown; pending?: unknown } | undefined;
    return s?.name === line && s.value === value && s.pending === null;
  };
