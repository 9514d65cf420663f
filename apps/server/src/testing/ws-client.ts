import { WebSocket } from 'ws';
import { EventLog } from './event-log.js';

export interface TestEvent {
  type: string;
  [key: string]: unknown;
}

/** A /ws client that records every event and can wait for one matching a predicate. */
export class TestWsClient {
  readonly ws: WebSocket;
  readonly #log = new EventLog<TestEvent>();
  readonly events = this.#log.events;
  /** When each empty message (the server's beat, asked for with `?beat=1`) arrived. */
  readonly beats: number[] = [];

  constructor(url: string, headers: Record<string, string>, query = '') {
    this.ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws' + query, { headers });
    this.ws.on('message', (data: Buffer) => {
      if (data.length === 0) return void this.beats.push(Date.now());
      this.#log.push(JSON.parse(data.toString()) as TestEvent);
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
    return this.#log.next(match, timeoutMs);
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
