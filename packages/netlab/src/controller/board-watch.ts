import { request, type ClientRequest } from 'node:http';
import { SseParser } from '../clients/sse-parser.js';

// The lab controller's own subscription to the board's event stream (as the lab's admin
// user): line changes become `line` events, and — where the board's log is out of reach
// (the Docker engine) — its `detection` events stand in for the log lines.
export interface BoardEvent {
  type: string;
  [key: string]: unknown;
}

export class BoardWatch {
  private req: ClientRequest | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly auth: string,
    private readonly onEvent: (e: BoardEvent) => void,
  ) {}

  start(): void {
    if (this.stopped) return;
    const req = request(this.url + '/api/events', {
      headers: { authorization: this.auth, accept: 'text/event-stream' },
    });
    this.req = req;
    req.on('response', (res) => {
      const parser = new SseParser((type, data) => {
        try {
          const e = JSON.parse(data) as BoardEvent;
          this.onEvent({ ...e, type: typeof e.type === 'string' ? e.type : type });
        } catch {
          // not JSON: ignore
        }
      });
      res.setEncoding('utf8');
      res.on('data', (d: string) => parser.push(d));
      res.on('close', () => this.retry());
    });
    req.on('error', () => this.retry());
    req.end();
  }

  private retry(): void {
    if (!this.stopped) setTimeout(() => this.start(), 500);
  }

  stop(): void {
    this.stopped = true;
    this.req?.destroy();
  }
}

/** `{type:'state', line:{name, value, lastChangedBy}}` -> a line change, if it is one. */
export function lineChange(e: BoardEvent): { name: string; value: 0 | 1; by?: string } | undefined {
  if (e.type !== 'state' || !e.line || typeof e.line !== 'object') return undefined;
  const l = e.line as { name?: unknown; value?: unknown; lastChangedBy?: { user?: unknown } | null };
  if (typeof l.name !== 'string' || (l.value !== 0 && l.value !== 1)) return undefined;
  const by = typeof l.lastChangedBy?.user === 'string' ? l.lastChangedBy.user : undefined;
  return { name: l.name, value: l.value, by };
}
