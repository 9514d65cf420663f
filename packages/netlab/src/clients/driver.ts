import { request, type Agent } from 'node:http';
import type { ClientConfig } from './protocol.js';

// One transport kind of virtual client. A driver connects, keeps the connection up (and
// reconnects after it drops, as the real panel does) and reports through `Sink`.
export interface Sink {
  connected(detail?: string): void;
  disconnected(detail?: string): void;
  rtt(ms: number): void;
  presence(user: string, state: string): void;
  log(level: 'info' | 'warn' | 'error', msg: string): void;
}

export interface Driver {
  /** Close gracefully so the server sees a FIN. */
  fin(): void;
  /** Abort so the server sees a RST. */
  rst(): void;
  /** Operate a line as this client's user (over its own WebSocket when it has one). */
  operate?(line: string, value: 0 | 1): void;
  /** Take/release the lock or chat over its own live connection (WebSocket clients). */
  act?(cmd: { t: 'lock'; take: boolean } | { t: 'chat'; text: string }): void;
}

export type StartDriver = (cfg: ClientConfig, sink: Sink) => Promise<Driver> | Driver;

export function basicAuth(cfg: ClientConfig): string {
  return 'Basic ' + Buffer.from(`${cfg.user}:${cfg.password}`).toString('base64');
}

/**
 * Operate a line with a plain authenticated POST (clients without a command channel). Over the
 * client's own keep-alive `agent` when it has one (the http client: still one connection);
 * otherwise on a connection closed right after the answer, so a client the lab counts as one
 * connection does not leave a second, idle one for the server to detect when the client dies.
 */
export function postLine(cfg: ClientConfig, sink: Sink, line: string, value: 0 | 1, agent?: Agent): void {
  const body = JSON.stringify({ value });
  const req = request(`${cfg.url}/api/lines/${encodeURIComponent(line)}`, {
    method: 'POST',
    agent: agent ?? false,
    headers: {
      authorization: basicAuth(cfg),
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...(agent ? {} : { connection: 'close' }),
    },
    timeout: 5000,
  });
  req.on('response', (res) => {
    res.resume();
    if ((res.statusCode ?? 0) >= 300) sink.log('warn', `operate ${line}: ${res.statusCode}`);
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => sink.log('warn', `operate ${line}: ${e.message}`));
  req.end(body);
}

/** Lock and chat with plain authenticated requests (clients without a command channel). */
export function postAct(
  cfg: ClientConfig,
  sink: Sink,
  cmd: { t: 'lock'; take: boolean } | { t: 'chat'; text: string },
): void {
  const [method, path, body] =
    cmd.t === 'chat'
      ? ['POST', '/api/chat', { text: cmd.text }]
      : cmd.take
        ? ['POST', '/api/lock', {}]
        : ['DELETE', '/api/lock', undefined];
  fetch(`${cfg.url}${path}`, {
    method,
    headers: { authorization: basicAuth(cfg), 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
    .then(async (r) => r.status >= 300 && sink.log('warn', `${cmd.t}: ${r.status} ${await r.text()}`))
    .catch((e: Error) => sink.log('warn', `${cmd.t}: ${e.message}`));
}

/**
 * How long one connection attempt may wait for the board's answer: `firstMs`, then twice as
 * long after each attempt that ran out of time, up to `maxMs`, and `firstMs` again once an
 * attempt is answered. A board (or a machine) too busy to answer within `firstMs` is waited
 * for longer; with a fixed timeout each attempt was given up just before its answer and
 * started over, more work for the busy board, and the client never came up (bench:lab at
 * load 20-35). A lost SYN is still retried quickly: the kernel resends it after 1 s.
 */
export class AttemptTimeout {
  private ms: number;
  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
  ) {
    this.ms = firstMs;
  }
  /** The timeout for the next attempt. */
  get current(): number {
    return this.ms;
  }
  /** The last attempt ran out of time. */
  timedOut(): void {
    this.ms = Math.min(this.ms * 2, this.maxMs);
  }
  /** The last attempt was answered. */
  answered(): void {
    this.ms = this.firstMs;
  }
}

/** Retry after a drop, unless the client was told to stay down (fin/rst faults). */
export class Reconnect {
  stopped = false;
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly connect: () => void,
    private readonly delayMs = 500,
  ) {}
  schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.connect();
    }, this.delayMs);
  }
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
