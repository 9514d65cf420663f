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

interface LineView {
  name?: unknown;
  value?: unknown;
  lastChangedBy?: { user?: unknown } | null;
}

/**
 * The lines' values as the lab last saw them, so each change becomes exactly one `line` event.
 * The board sends a `state` event for every step of a command (accepted with a pending value,
 * confirmed, settled), and the failsafe's "accepted" step still shows the dead user's value:
 * taken as changes, those were a doubled event and a stray "pump 1 by alice" after her death.
 * The stream's `hello` snapshot is the baseline, not news (it is re-sent on every reconnect).
 */
export class LineLog {
  private readonly values = new Map<string, 0 | 1>();

  /** The line change this board event makes, if it makes one. */
  change(e: BoardEvent): { name: string; value: 0 | 1; by?: string } | undefined {
    if (e.type === 'hello') {
      const lines = (e.state as { lines?: unknown } | undefined)?.lines;
      if (Array.isArray(lines)) for (const l of lines as LineView[]) this.seen(l);
      return undefined;
    }
    if (e.type !== 'state' || !e.line || typeof e.line !== 'object') return undefined;
    const l = e.line as LineView;
    const before = typeof l.name === 'string' ? this.values.get(l.name) : undefined;
    if (!this.seen(l) || before === l.value) return undefined;
    const by = typeof l.lastChangedBy?.user === 'string' ? l.lastChangedBy.user : undefined;
    return { name: l.name as string, value: l.value as 0 | 1, by };
  }

  private seen(l: LineView): boolean {
    if (typeof l.name !== 'string' || (l.value !== 0 && l.value !== 1)) return false;
    this.values.set(l.name, l.value);
    return true;
  }
}
