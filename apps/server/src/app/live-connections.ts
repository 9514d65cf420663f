// The server's live connections (WebSocket, event stream, HTTP keep-alive) with their watches,
// sessions and per-user caps, and what presence hears of them. Just over 400 lines on purpose:
// the session rules (heir, successor, same-host casualties) read together; records, the suspect
// hold and the caps' HTTP side live in their own modules.
import { PulseboardError } from '@pulseboard/core';
import type { ConnectionWatch, DeathCause, LivenessSnapshot } from '@pulseboard/core/liveness/index';
import type { Logger } from '@pulseboard/core/log';
import { normalizeAddress, sameHostCasualties, type Presence } from '@pulseboard/core/presence/index';
import type { EventHub } from '../events/hub.js';
import type { DetectionRecord, EventSink } from '../events/types.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import type { ServerOptions } from '../options.js';
import { detectionRecord, type DetectionState } from './detection-record.js';
import { SuspectHold } from './suspect-hold.js';

export type Transport = 'ws' | 'sse' | 'http';

/** Cause (and close reason) of an HTTP connection that left presence because a stream joined. */
export const SUPERSEDED = 'superseded';

/** The session REST calls of `user` fall back to (api/actor.ts); it never dies. */
export const durableSession = (user: string): string => `http:${user}`;

/**
 * Ends of an HTTP keep-alive connection that say nothing about its client: it closed the socket
 * (HTTP clients do, between requests) or the server did. Anything else (a silent death found by
 * the TCP budget, a reset, the same-host rule, an admin's disconnect) means the client is gone.
 */
const ORDERLY_HTTP_ENDS = new Set(['fin', 'close', 'server-close', 'idle-timeout', SUPERSEDED, 'taken-over']);

export interface LiveEntry {
  id: string;
  user: string;
  role: 'admin' | 'operator' | 'viewer';
  sessionId: string;
  remote: string;
  transport: Transport;
  watch: ConnectionWatch;
  /** Closes the transport itself (WS close frame / end of the SSE response / the HTTP socket). */
  end(code: number, reason: string): void;
}

export interface RegisterInput {
  id: string;
  user: string;
  role: LiveEntry['role'];
  remote: string;
  transport: Transport;
  resumeSessionId?: string | undefined;
  /** Where events go; none for an HTTP keep-alive connection (it has no push channel). */
  sink?: EventSink;
  watch: ConnectionWatch;
  end(code: number, reason: string): void;
}

/** What LiveConnections is built from (made before it, no bag of services). */
export interface LiveDeps {
  log: Logger;
  presence: Presence;
  metrics: ServerMetrics;
  hub: EventHub;
  options?: Pick<ServerOptions, 'maxConnectionsPerUser'>;
  /** Starts the SQLite writer threads when someone connects (services.ts). */
  warmWriters?(): void;
}

/**
 * The presence connections (WebSockets, SSE streams, HTTP keep-alive sockets) this server holds. Liveness verdicts
 * go from here to the log line, the metrics, the event stream and presence, in that order and
 * in the same tick, so every other session hears about a death without delay; a suspect is
 * told once it lasted SUSPECT_HOLD_MS, its recovery only if it was told (no flap storms).
 */
export class LiveConnections {
  readonly #entries = new Map<string, LiveEntry>();
  /** The last remote address per session, for "from where" on operations. */
  readonly #sessionRemote = new Map<string, string>();
  /** Sessions of HTTP keep-alive connections (one each): they may end in order and hand over. */
  readonly #httpSessions = new Set<string>();
  /** Connections suspect right now (the gauge is this set's size). */
  readonly #suspect = new Set<string>();
  readonly #s: LiveDeps;
  readonly #hold: SuspectHold;
  #seq = 0;
  /** Declaring same-host casualties dead: their deaths reveal nothing more. */
  #cascading = false;

  constructor(deps: LiveDeps, hold = new SuspectHold()) {
    this.#s = deps;
    this.#hold = hold;
  }

  nextId(transport: Transport): string {
    return `${transport}-${++this.#seq}`;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): LiveEntry | undefined {
    return this.#entries.get(id);
  }

  /**
   * True when `sessionId` is a live WS/SSE session of `user` (REST calls may act in its name).
   * An HTTP connection's own session never qualifies: nothing may act for it (app/http-connections.ts).
   */
  sessionOf(sessionId: string, user: string): boolean {
    for (const e of this.#entries.values())
      if (e.sessionId === sessionId && e.user === user && e.transport !== 'http') return true;
    return false;
  }

  /**
   * The live session that operates for a REST call of `user` from `remote` without a session
   * header (api/actor.ts): the connection it came on (`onConnection`, an HTTP keep-alive), else
   * the user's newest stream from that address. Undefined when the client holds no connection.
   */
  clientSession(user: string, remote: string, onConnection?: string): string | undefined {
    const own = onConnection === undefined ? undefined : this.#entries.get(onConnection);
    if (own && own.user === user) return own.sessionId;
    return this.#newestFrom(user, remote, (e) => e.transport !== 'http')?.sessionId;
  }

  /**
   * Who carries on for a session that ended in order (`ended`: its user and address): the
   * user's newest live connection from the same address (any transport), or undefined.
   */
  heirOf(user: string, remote: string, ended: string): string | undefined {
    return this.#newestFrom(user, remote, (e) => e.sessionId !== ended)?.sessionId;
  }

  /** True while `user` holds a WebSocket or SSE stream from `remote` (HTTP from there is that browser). */
  hasStream(user: string, remote: string): boolean {
    const address = normalizeAddress(remote);
    for (const e of this.#entries.values())
      if (e.transport !== 'http' && e.user === user && normalizeAddress(e.remote) === address) return true;
    return false;
  }

  /** A session that will never resume (grace over, admin disconnect). */
  forgetSession(sessionId: string): void {
    this.#sessionRemote.delete(sessionId);
    this.#httpSessions.delete(sessionId);
  }

  /**
   * A session lost its last connection. Undefined: its client is gone, so its locks go and its
   * failsafe lines are driven safe. Otherwise the session that carries on for it: an HTTP
   * keep-alive connection that ended in order (`cause`) leaves what it held to the user's newest
   * connection from the same address, or to the user's durable REST session.
   */
  successorOf(sessionId: string, user: string, cause: string): string | undefined {
    if (!this.#httpSessions.has(sessionId) || !ORDERLY_HTTP_ENDS.has(cause)) return undefined;
    const remote = this.#sessionRemote.get(sessionId);
    return (remote === undefined ? undefined : this.heirOf(user, remote, sessionId)) ?? durableSession(user);
  }

  remoteOfSession(sessionId: string): string | undefined {
    return this.#sessionRemote.get(sessionId);
  }

  /** Joins presence (may throw SERVER_FULL / FORBIDDEN_ADDRESS) and starts listening to the watch. */
  register(input: RegisterInput): LiveEntry {
    // A watch can finish while it attaches (the socket closed first: a client that gave up
    // during a slow handshake). Its one 'dead' has fired already and would never reach the
    // listeners below, leaving a phantom "online" connection: such a connection never joins.
    if (input.watch.finished) throw new PulseboardError('CONNECTION_CLOSED');
    this.checkUserCap(input.user, input.transport);
    this.#s.warmWriters?.();
    const { presence, hub, metrics } = this.#s;
    const { sessionId } = presence.connect({
      user: input.user,
      sessionId: input.resumeSessionId,
      remote: input.remote,
      transport: input.transport,
      id: input.id,
    });
    const entry: LiveEntry = { ...input, sessionId };
    this.#entries.set(entry.id, entry);
    this.#sessionRemote.set(sessionId, input.remote);
    if (entry.transport === 'http') this.#httpSessions.add(sessionId);
    // Before the new stream's sink joins: its hello will carry the result, not these events.
    if (entry.transport !== 'http') this.#supersede(entry);
    if (input.sink) hub.add(input.sink);
    metrics.connections.inc({ transport: entry.transport });
    this.#updateUserGauge();
    input.watch.on('suspect', (snap) => this.#onSuspect(entry, snap));
    input.watch.on('alive', (snap) => this.#onAlive(entry, snap));
    input.watch.on('dead', (snap) => this.#onDead(entry, snap));
    return entry;
  }

  /** True when `user` already holds as many connections of this kind (push or HTTP) as allowed. */
  atUserCap(user: string, transport: Transport): boolean {
    const cap = this.#s.options?.maxConnectionsPerUser ?? Infinity;
    const push = transport !== 'http';
    let count = 0;
    for (const e of this.#entries.values())
      if (e.user === user && (e.transport !== 'http') === push) count += 1;
    return count >= cap;
  }

  /**
   * One user may hold `maxConnectionsPerUser` push connections (WebSocket + SSE) and as many
   * HTTP keep-alive connections in presence: a user (even a viewer) opening a thousand sockets
   * would otherwise cost every other session a presence event per socket (issue 12).
   */
  checkUserCap(user: string, transport: Transport): void {
    const cap = this.#s.options?.maxConnectionsPerUser ?? Infinity;
    if (this.atUserCap(user, transport)) {
      throw new PulseboardError(
        'TOO_MANY_CONNECTIONS',
        `Too many connections for ${user} (at most ${cap}); close another tab or window`,
        { max: cap },
      );
    }
  }

  /** The peer was heard at the application level (any WS message, any HTTP request). */
  heard(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.watch.heard();
    this.#s.presence.heard(id);
  }

  /** Copies each watch's latest RTT and loss into presence (cheap; called before a snapshot is served). */
  refreshRtt(): void {
    for (const entry of this.#entries.values()) {
      const { rttMs, loss } = entry.watch.snapshot();
      if (rttMs !== null) {
        this.#s.presence.rtt(entry.id, Math.round(rttMs * 10) / 10, loss === null ? undefined : round4(loss));
      }
    }
  }

  /** Median and max of the learned link figures, for /metrics. */
  updateLinkMetrics(): void {
    const snaps = [...this.#entries.values()].map((e) => e.watch.snapshot());
    const set = (g: ServerMetrics['linkRtt'], values: (number | null)[], scale: number) => {
      const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
      if (v.length === 0) return g.reset();
      g.set({ stat: 'median' }, v[Math.floor((v.length - 1) / 2)]! * scale);
      g.set({ stat: 'max' }, v.at(-1)! * scale);
    };
    const { linkRtt, linkLoss, linkDeadline } = this.#s.metrics;
    set(
      linkRtt,
      snaps.map((x) => x.rttMs),
      1 / 1000,
    );
    set(
      linkLoss,
      snaps.map((x) => x.loss),
      1,
    );
    set(
      linkDeadline,
      snaps.map((x) => x.deadlineMs),
      1 / 1000,
    );
  }

  /** Server-initiated close (admin disconnect, rate limit, shutdown): no detection, an orderly close. */
  end(id: string, code: number, reason: string, cause = 'server-close'): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#forget(entry);
    entry.watch.close();
    this.#s.presence.close(id, { cause });
    entry.end(code, reason);
  }

  /** Ends the sockets of connections presence already removed (admin disconnect). */
  endRemoved(ids: readonly string[], code: number, reason: string): void {
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (!entry) continue;
      this.#forget(entry);
      entry.watch.close();
      entry.end(code, reason);
    }
  }

  endAll(code: number, reason: string): void {
    for (const id of [...this.#entries.keys()]) this.end(id, code, reason, 'shutdown');
  }

  /**
   * A stream joined: the same user's HTTP connections from its address are that browser's page
   * loads, not a client of their own, so they leave presence now (no detection) and cannot keep
   * the user online once the stream ends (app/http-connections.ts registers no new ones meanwhile).
   */
  #supersede(stream: LiveEntry): void {
    const address = normalizeAddress(stream.remote);
    for (const e of [...this.#entries.values()]) {
      if (e.transport === 'http' && e.user === stream.user && normalizeAddress(e.remote) === address)
        this.end(e.id, 1000, SUPERSEDED, SUPERSEDED);
    }
  }

  /** Entries are kept in registration order: the last match is the newest. */
  #newestFrom(user: string, remote: string, pred: (e: LiveEntry) => boolean): LiveEntry | undefined {
    const address = normalizeAddress(remote);
    let found: LiveEntry | undefined;
    for (const e of this.#entries.values())
      if (e.user === user && normalizeAddress(e.remote) === address && pred(e)) found = e;
    return found;
  }

  #forget(entry: LiveEntry): void {
    if (!this.#entries.delete(entry.id)) return;
    this.#hold.forget(entry.id);
    this.#suspect.delete(entry.id);
    this.#s.metrics.suspectNow.set(this.#suspect.size);
    this.#s.hub.remove(entry.id);
    this.#s.metrics.connections.dec({ transport: entry.transport });
  }

  #detection(entry: LiveEntry, state: DetectionState, snap: LivenessSnapshot): DetectionRecord {
    const record = detectionRecord(entry, state, snap);
    const { detectedAt } = record;
    // The one JSON line per detection the lab and benchmarks read (cause + both timestamps);
    // suspect/alive flaps are debug (the lab runs its boards at debug), deaths info.
    const line = { event: 'detection', ...record, latencyMs: detectedAt - snap.lastHeardAt };
    if (state === 'dead') this.#s.log.info(line, `connection ${state}`);
    else this.#s.log.debug(line, `connection ${state}`);
    return record;
  }

  /** The same record on the event stream, to every session. */
  #tell(record: DetectionRecord): void {
    this.#s.hub.broadcast({ type: 'detection', at: Date.now(), ...record });
  }

  #onSuspect(entry: LiveEntry, snap: LivenessSnapshot): void {
    this.#s.metrics.suspectTotal.inc({ cause: snap.detail?.split(' ')[0] ?? 'silence' });
    this.#suspect.add(entry.id);
    this.#s.metrics.suspectNow.set(this.#suspect.size);
    const record = this.#detection(entry, 'suspect', snap);
    // Told to everyone only once it lasted a moment (app/suspect-hold.ts).
    this.#hold.suspect(entry.id, () => {
      if (!this.#entries.has(entry.id)) return;
      this.#tell(record);
      this.#s.presence.connectionState(entry.id, 'suspect', {
        cause: snap.detail ?? 'silence',
        lastHeardAt: snap.lastHeardAt,
        detectedAt: snap.suspectAt ?? Date.now(),
      });
    });
  }

  #onAlive(entry: LiveEntry, snap: LivenessSnapshot): void {
    this.#suspect.delete(entry.id);
    this.#s.metrics.suspectNow.set(this.#suspect.size);
    const record = this.#detection(entry, 'alive', snap);
    if (!this.#hold.alive(entry.id)) return;
    this.#tell(record);
    this.#s.presence.connectionState(entry.id, 'alive', {
      cause: 'heard',
      lastHeardAt: snap.lastHeardAt,
      detectedAt: Date.now(),
    });
  }

  #onDead(entry: LiveEntry, snap: LivenessSnapshot): void {
    const cause = snap.cause ?? 'tcp-state';
    const detectedAt = snap.detectedAt ?? Date.now();
    this.#s.metrics.deadTotal.inc({ cause });
    this.#s.metrics.detectionLatency.observe({ cause }, Math.max(0, detectedAt - snap.lastHeardAt) / 1000);
    this.#forget(entry);
    this.#tell(this.#detection(entry, 'dead', snap));
    this.#s.presence.connectionState(entry.id, 'dead', { cause, lastHeardAt: snap.lastHeardAt, detectedAt });
    this.#updateUserGauge();
    entry.end(1001, 'connection dead');
    if (!this.#cascading) this.#sameHost(entry, cause, snap.lastHeardAt);
  }

  /**
   * A silent death means the host behind the address vanished: the user's other connections
   * from it not heard since (core presence/same-host.ts) die now, with the same cause, through
   * the normal path (#onDead via their watch: log line, metrics, detection event, presence), so
   * an idle HTTP keep-alive socket does not keep a vanished browser online for the TCP budget.
   */
  #sameHost(dead: LiveEntry, cause: DeathCause, lastHeardAt: number): void {
    const others = [...this.#entries.values()].map((entry) => ({
      entry,
      id: entry.id,
      user: entry.user,
      remote: entry.remote,
      lastHeardAt: entry.watch.snapshot().lastHeardAt,
    }));
    const casualties = sameHostCasualties({ ...dead, cause, lastHeardAt }, others);
    this.#cascading = true;
    try {
      for (const { entry } of casualties) entry.watch.fail(cause, `same host as ${dead.id}`);
    } finally {
      this.#cascading = false;
    }
  }

  #updateUserGauge(): void {
    this.#s.metrics.users.set(this.#s.presence.connectedUsers().length);
  }
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
