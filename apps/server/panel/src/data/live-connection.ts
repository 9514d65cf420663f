import { backoffMs } from './backoff.js';
import type { ConnectionStatus, ServerEvent } from './types.js';

export interface LiveOptions {
  url?: string;
  /**
   * App-level heartbeat: after this much silence the panel pings and the server answers (browsers
   * hide WebSocket ping frames from JS). A server that beats (hello's `beatMs`) is never that
   * silent, so the panel then does not ping at all: the server measures the round-trip time with
   * its own pings and the panel shows the figure presence gives for its connection.
   */
  pingMs?: number;
  /** Silence after which the panel counts itself cut off: controls off, "reconnecting…". */
  staleMs?: number;
  /** Silence after which the socket is dropped and dialled again (not waiting for TCP). */
  redialMs?: number;
}

type Listener = (event: ServerEvent) => void;
type StatusListener = (status: ConnectionStatus, rttMs: number | null) => void;

/**
 * The panel's own link. It asks the server to beat (`?beat=1`: an empty message whenever the
 * server had nothing else to say for `beatMs`, which hello announces); a server that does not
 * beat is pinged after `pingMs` of silence and answers every ping (a ping costs the board a read,
 * a parse and a reply; a beat one 2-byte write). Either way silence longer
 * than `staleMs` means it is cut off (within ~1 s by default): status `reconnecting` at
 * once, which disables every control. Status is `online` only once the server has *said*
 * something on this socket since (a `hello` on a new one), so nothing is shown as fact before
 * the server has said so. The session id from `hello` is sent back on reconnect so the server
 * resumes the session.
 */
export class LiveConnection {
  status: ConnectionStatus = 'connecting';
  rttMs: number | null = null;
  /** Why the server closed us (application close codes 4000+), shown in the banner. */
  notice: string | null = null;
  /** When this panel found itself cut off (its own clock), or null while online. */
  cutAt: number | null = null;
  #ws: WebSocket | null = null;
  #greeted = false;
  #listeners = new Set<Listener>();
  #statusListeners = new Set<StatusListener>();
  #attempt = 0;
  #lastHeard = 0;
  #lastPing = 0;
  /** What hello promised: the server sends something at least this often (null: ping). */
  #beatMs: number | null = null;
  #connectionId: string | null = null;
  #sessionId: string | null = null;
  #timers: ReturnType<typeof setInterval>[] = [];
  #reconnect: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #nextId = 0;
  #waiting = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #opts: Required<LiveOptions>;

  constructor(options: LiveOptions = {}) {
    // Beside the page (not at the host's root), so the panel also works under a path prefix.
    const url = new URL('ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.#opts = {
      url: url.href,
      pingMs: 250,
      staleMs: 650,
      redialMs: 6000,
      ...options,
    };
  }

  start(): void {
    this.#stopped = false;
    this.#open();
    this.#timers.push(setInterval(() => this.#tick(), 50));
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    if (this.#reconnect) clearTimeout(this.#reconnect);
    // Detach first, so this socket's close event does not schedule a reconnect.
    const ws = this.#ws;
    this.#ws = null;
    ws?.close(1000, 'bye');
  }

  send(message: Record<string, unknown>): boolean {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(message));
    return true;
  }

  /** Sends a command and resolves with the server's ack (rejects with its error message). */
  request(message: Record<string, unknown>, timeoutMs = 10_000): Promise<unknown> {
    const id = `r${++this.#nextId}`;
    return new Promise((resolve, reject) => {
      if (this.status !== 'online' || !this.send({ ...message, id })) {
        reject(new Error('Not connected to the board'));
        return;
      }
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error('The board did not answer in time'));
      }, timeoutMs);
      this.#waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  subscribe(fn: Listener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  onStatus(fn: StatusListener): () => void {
    this.#statusListeners.add(fn);
    return () => this.#statusListeners.delete(fn);
  }

  #open(): void {
    const url = new URL(this.#opts.url);
    url.searchParams.set('beat', '1');
    if (this.#sessionId) url.searchParams.set('session', this.#sessionId);
    const ws = new WebSocket(url);
    this.#ws = ws;
    this.#greeted = false;
    this.#beatMs = null;
    ws.onopen = () => {
      this.#lastHeard = Date.now();
      this.#ping();
    };
    ws.onmessage = (msg) => {
      this.#lastHeard = Date.now();
      // The server's beat: it is there and has nothing new to say.
      if (msg.data === '') return void (this.#greeted && this.#setStatus('online'));
      let event: ServerEvent;
      try {
        event = JSON.parse(String(msg.data)) as ServerEvent;
      } catch {
        return;
      }
      if (event.type === 'hello') {
        this.#sessionId = event.you.sessionId;
        this.#beatMs = typeof event.beatMs === 'number' ? event.beatMs : null;
        this.#connectionId = event.you.connectionId;
        const mine = (event.presence?.users ?? [])
          .flatMap((u) => u.connections)
          .find((c) => c.id === event.you.connectionId);
        if (this.#beatMs !== null && mine?.rttMs != null) this.rttMs = mine.rttMs;
        this.#greeted = true;
        this.#attempt = 0;
        this.notice = null;
      }
      if (event.type === 'pong' && typeof event.t === 'number') {
        this.rttMs = Date.now() - event.t;
        this.#emitStatus();
      }
      // Beaten, the panel does not ping: its round-trip time is the server's measure of it.
      const measured =
        event.type === 'presence' && this.#connectionId ? event.rtt?.[this.#connectionId] : undefined;
      if (this.#beatMs !== null && typeof measured === 'number') {
        this.rttMs = measured;
        this.#emitStatus();
      }
      if ((event.type === 'ack' || event.type === 'error') && event.id) {
        const waiter = this.#waiting.get(event.id);
        this.#waiting.delete(event.id);
        if (event.type === 'ack') waiter?.resolve(event.result);
        else waiter?.reject(new Error(event.error.message));
      }
      // Before its hello a socket's events describe a state this panel has not been given yet.
      if (!this.#greeted) return;
      for (const fn of this.#listeners) fn(event);
      // Listeners first: the snapshot is in place before anything is shown as live again.
      if (this.#greeted) this.#setStatus('online');
    };
    ws.onclose = (e?: { code?: number; reason?: string }) => {
      if (this.#ws !== ws) return;
      if (e?.code && e.code >= 4000 && e.reason) this.notice = e.reason;
      this.#ws = null;
      this.#scheduleReconnect();
    };
  }

  #ping(): void {
    this.#lastPing = Date.now();
    this.send({ type: 'ping', t: Date.now() });
  }

  #tick(): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    const silent = now - this.#lastHeard;
    if (silent > this.#opts.redialMs) {
      // Do not wait for TCP: drop the socket and dial again.
      this.#ws = null;
      ws.close();
      this.#scheduleReconnect();
      return;
    }
    // A beating server may stay quiet up to beatMs; its beats ride a timer that can run late
    // under load, so leave room before asking (a ping costs the board far more than a beat).
    const beat = this.#beatMs;
    if (silent > (beat === null ? this.#opts.staleMs : Math.max(this.#opts.staleMs, beat + 300))) this.#cut();
    const pingAfter = beat === null ? this.#opts.pingMs : Math.max(this.#opts.pingMs, beat + 150);
    if (now - Math.max(this.#lastHeard, this.#lastPing) >= pingAfter) this.#ping();
  }

  /** Cut off: from now on nothing on screen is live, and no command may start. */
  #cut(): void {
    if (this.status === 'reconnecting') return;
    this.cutAt = Date.now();
    this.#setStatus('reconnecting');
  }

  #scheduleReconnect(): void {
    // Commands in flight will never be answered on the old socket.
    for (const w of this.#waiting.values()) w.reject(new Error('Connection to the board lost'));
    this.#waiting.clear();
    if (this.#stopped) return;
    if (this.status === 'online') this.#cut();
    else if (this.status === 'reconnecting') this.#emitStatus(); // a new notice, perhaps
    if (this.#reconnect) clearTimeout(this.#reconnect);
    this.#reconnect = setTimeout(() => {
      this.#reconnect = null;
      this.#open();
    }, backoffMs(this.#attempt++));
  }

  #setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    if (status === 'online') this.cutAt = null;
    this.#emitStatus();
  }

  #emitStatus(): void {
    for (const fn of this.#statusListeners) fn(this.status, this.rttMs);
  }
}
