import { WebSocket } from 'ws';

export interface TestEvent {
  type: string;
  [key: string]: unknown;
}

/** A /ws client that records every event and can wait for one matching a predicate. */
export class TestWsClient {
  readonly ws: WebSocket;
  readonly events: TestEvent[] = [];
  readonly #waiters: { match: (e: TestEvent) => boolean; resolve: (e: TestEvent) => void }[] = [];

  constructor(url: string, headers: Record<string, string>, query = '') {
    this.ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws' + query, { headers });
    this.ws.on('message', (data) => {
      const event = JSON.parse(data.toString()) as TestEvent;
      this.events.push(event);
      for (const w of [...this.#waiters]) {
        if (w.match(event)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    });
  }

  /** Who the server said we are (from the `hello` event). */
  get you(): { user: string; role: string; sessionId: string; connectionId: string } {
    const hello = this.events.find((e) => e.type === 'hello');
    if (!hello) throw new Error('no hello yet');
    return hello.you as { user: string; role: string; sessionId: string; connectionId: string };
  }

  static async open(url: string, headers: Record<string, string>, query = ''): Promise<TestWsClient> {
    const client = new TestWsClient(url, headers, query);
    await client.next((e) => e.type === 'hello');
    return client;
  }

  next(match: (e: TestEvent) => boolean, timeoutMs = 3000): Promise<TestEvent> {
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

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  closed(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.CLOSED)
      return Promise.resolve({ code: -1, reason: 'already closed' });
    return new Promise((resolve) =>
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  close(): void {
    this.ws.close();
  }
}

/** Resolves with the HTTP status of a refused upgrade (or 101 when it was accepted). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (err) => reject(err));
  });
}
