import type { ChildProcess } from 'node:child_process';
import { PulseboardError } from '@pulseboard/core';
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientConfig, ClientReport, ControllerCommand } from './clients/protocol.js';
import { labPassword } from './controller/board.js';
import { BoardRunner, type BoardOptions } from './controller/board-runner.js';
import { prepareEntries, type Entries } from './controller/client-entry.js';
import { failsafeEvent, lockEvent } from './controller/board-events.js';
import { LineLog, type BoardEvent } from './controller/board-watch.js';
import { detectionOf, parseDetection, type Detection } from './controller/detection.js';
import { clientForDetection, clientOfUser, detectedEvent, notifiedEvent } from './controller/attribution.js';
import { FaultBook } from './controller/fault-book.js';
import { applyFault, type Applied, type FaultContext, type FaultHost } from './controller/faults.js';
import { Hub } from './controller/hub.js';
import { lossState, ObserverLog } from './controller/observers.js';
import { spawnClient, writeChromiumWrapper } from './controller/spawn-client.js';
import { detectCapabilities, type Capabilities as FullCaps } from './net/capabilities.js';
import { cleanLeftovers, cleanRunDirs } from './net/clean.js';
import { defaultPrefix, newRunId } from './net/names.js';
import { Topology, type Host } from './net/topology.js';
import type {
  Board,
  ClientKind,
  EngineInfo,
  Fault,
  FaultKind,
  FaultSupport,
  FaultParams,
  LabClient,
  LabEvent,
  LabSnapshot,
} from './types.js';
import { faultKinds } from './types.js';
import { nextId } from './util/ids.js';
import { labRunsDir } from './util/paths.js';

// Over 400 lines until the Engine interface of issue 14 takes the engine branches (namespaces
// or Docker, `options.external`) out of it; see docs/architecture.md, "Not yet one".
// The lab: one virtual network, one board, many virtual clients, faults as intervals, and
// the event log that scenarios, the API server and the report read. Everything it creates
// is torn down by stop(); leftovers of a crashed lab are removed by the next start().

export interface LabOptions {
  prefix?: string;
  runId?: string;
  /** Remove leftovers with the same prefix before starting (default true). */
  cleanFirst?: boolean;
  /**
   * The Docker engine: no namespaces are made here. The board runs elsewhere (its URL), and
   * clients started by docker compose report on `hubPath` (a shared volume). Faults go through
   * `faults` (the Docker engine's: `dockerFaultApplier()` in docker/lab-faults.ts, through the
   * Docker API); without one they are refused.
   */
  external?: {
    boardUrl: string;
    hubPath: string;
    faults?: ExternalFaultApplier;
    /** Why its applier refuses a kind (shown before anyone tries). */
    refusal?: (kind: FaultKind) => string | undefined;
  };
}

/**
 * Applies one fault to clients the lab does not run itself (client ids), resolving once it is
 * in effect: `startedAt` (this host's `Date.now()`, the lab's clock) is when it took effect,
 * and `applied.heal()` undoes it. Refuses, with a TypeError, what its engine cannot do.
 */
export type ExternalFaultApplier = (
  faultId: string,
  kind: FaultKind,
  targets: string[],
  params: FaultParams,
) => Promise<{ applied: Applied; startedAt: number }>;

export type { BoardOptions };

/** What `attachHost` gives: the client as the lab lists it, and how to log in and run Chromium in it. */
export interface AttachedHost {
  client: LabClient;
  password: string;
  /** An executable that runs Chromium inside the host's network namespace. */
  chromiumWrapper: string;
}

export interface AddClientOptions {
  kind: ClientKind;
  user?: string;
  count?: number;
}

interface ClientRecord {
  info: LabClient;
  host: Host;
  proc?: ChildProcess;
  observer: boolean;
  /** How its process was started, so a powered-off client can be powered on as the same user. */
  cfg?: ClientConfig;
}

const noApplier =
  'this Docker lab has no fault applier: it needs the Docker API (mount the Docker socket into the lab ' +
  'service, docs/docker.md), or use the namespace engine';

const defaultLabOptions = { prefix: defaultPrefix, cleanFirst: true, external: undefined };

export class Lab extends EventEmitter<{ event: [LabEvent] }> {
  readonly runId: string;
  readonly prefix: string;
  readonly runDir: string;
  readonly events: LabEvent[] = [];
  capabilities: FullCaps | undefined;
  private readonly options: Omit<LabOptions, 'runId'> & { prefix: string; cleanFirst: boolean };
  private topo: Topology | undefined;
  private hub: Hub | undefined;
  private entries: Entries | undefined;
  private readonly boardRunner: BoardRunner;
  private readonly clients = new Map<string, ClientRecord>();
  private readonly faults = new FaultBook();
  private readonly observers = new ObserverLog();
  private readonly lines = new LineLog();
  /** Faults being applied, and the records held until they are on the book (attribute()). */
  private applying = 0;
  private readonly held: (() => void)[] = [];
  private clientSeq = 0;
  private started = false;

  constructor(options: LabOptions = {}) {
    super();
    this.options = { ...defaultLabOptions, ...options };
    this.prefix = this.options.prefix;
    this.runId = options.runId ?? newRunId();
    this.runDir = join(labRunsDir, this.runId);
    this.boardRunner = new BoardRunner({
      runDir: this.runDir,
      topology: () => this.topology,
      externalUrl: this.options.external?.boardUrl,
      onLine: (line) => this.onBoardLine(line),
      onEvent: (e) => this.onBoardEvent(e),
      log: (level, msg) => this.log(level, msg),
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) return;
    this.capabilities = await detectCapabilities();
    const ext = this.options.external;
    if (ext) {
      this.hub = new Hub(ext.hubPath);
      this.hub.on('report', (r) => this.onReport(r));
      // Its process (container) is gone: killed, or it lost the lab. A restart says hello again.
      this.hub.on('gone', (id) => this.setState(id, 'stopped'));
      await this.hub.listen();
      this.started = true;
      this.log('info', `lab ${this.runId} started (external engine, board ${ext.boardUrl})`);
      return;
    }
    if (!this.capabilities.root) throw new Error(`lab cannot start: ${this.capabilities.missing.join('; ')}`);
    if (this.options.cleanFirst) {
      const left = await cleanLeftovers(this.prefix);
      if (left.length > 0) this.log('warn', `removed leftovers of crashed labs: ${left.join(', ')}`);
      cleanRunDirs(labRunsDir);
    }
    mkdirSync(this.runDir, { recursive: true });
    this.topo = new Topology({ prefix: this.prefix, runId: this.runId });
    await this.topo.create();
    this.hub = new Hub(join('/tmp', `pulseboard-lab-${this.runId}.sock`));
    this.hub.on('report', (r) => this.onReport(r));
    await this.hub.listen();
    this.entries = await prepareEntries(this.runDir);
    this.started = true;
    this.log('info', `lab ${this.runId} started (subnet 10.${this.topo.octet}.0.0/16)`);
  }

  async stop(): Promise<void> {
    await this.healAll().catch(() => undefined);
    for (const c of this.clients.values()) c.proc?.kill('SIGKILL');
    this.clients.clear();
    await this.stopBoard();
    await this.hub?.close();
    await this.topo?.destroy();
    if (!this.options.external) rmSync(this.runDir, { recursive: true, force: true });
    this.started = false;
  }

  private need<T>(v: T | undefined, what: string): T {
    if (v === undefined) throw new Error(`lab not started: ${what} missing (call start() first)`);
    return v;
  }

  get topology(): Topology {
    return this.need(this.topo, 'topology');
  }

  // ---- board -----------------------------------------------------------------------------

  get board(): Board {
    return this.boardRunner.board;
  }

  startBoard(options: BoardOptions = {}): Promise<Board> {
    return this.boardRunner.start(options);
  }

  stopBoard(): Promise<void> {
    return this.boardRunner.stop();
  }

  /** Board URL for requests from the lab controller (root namespace, through the uplink). */
  get boardUrl(): string {
    return this.boardRunner.board.url;
  }

  /** Authorization header of the lab's own board user. */
  get labAuth(): string {
    return this.boardRunner.auth;
  }

  private onBoardEvent(e: BoardEvent): void {
    const line = this.lines.change(e);
    if (line) this.emitEvent({ type: 'line', at: typeof e.at === 'number' ? e.at : Date.now(), ...line });
    const story = failsafeEvent(e) ?? lockEvent(e);
    if (story) this.emitEvent(story);
    // With our own board its log is read directly; the stream copy would count twice.
    if (e.type === 'detection' && this.options.external) {
      const d = detectionOf({ ...e, event: 'detection' });
      if (d) this.onDetection(d);
    }
  }

  // ---- clients ---------------------------------------------------------------------------

  async addClients(options: AddClientOptions): Promise<LabClient[]> {
    if (this.options.external)
      throw new TypeError('with the external (docker) engine, docker compose starts the clients');
    // Clients log in to the board: without one they cannot start (a clear 409, not a 500).
    if (!this.board.running)
      throw new PulseboardError('BOARD_NOT_RUNNING', 'Start the board before adding clients');
    const topo = this.topology;
    const hub = this.need(this.hub, 'hub');
    const entries = this.need(this.entries, 'client entry');
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 500)
      throw new TypeError('count must be an integer 1..500');
    const ids = Array.from({ length: count }, () => `c${++this.clientSeq}`);
    const users = ids.map((id) => options.user ?? `user-${id}`);
    await this.boardRunner.addUsers([...new Set(users)]);
    const hosts = await topo.addHosts(ids);
    const now = Date.now();
    return hosts.map((host, i) => {
      const id = ids[i]!;
      const user = users[i]!;
      const info: LabClient = {
        id,
        kind: options.kind,
        user,
        address: host.address,
        ns: host.ns,
        state: 'starting',
        since: now,
      };
      const rec: ClientRecord = { info, host, observer: options.kind !== 'http' && options.kind !== 'tcp' };
      this.clients.set(id, rec);
      const cfg = {
        id,
        kind: options.kind,
        url: this.boardUrl,
        user,
        password: labPassword(user),
        socket: hub.path,
        ns: host.ns,
        chromiumWrapper: options.kind === 'browser' ? writeChromiumWrapper(this.runDir, host.ns) : undefined,
      };
      rec.cfg = cfg;
      rec.proc = spawnClient(cfg, entries.client, () => this.setState(id, 'stopped'));
      this.emitEvent({ type: 'client', at: now, client: { ...info } });
      return { ...info };
    });
  }

  /**
   * A host on the lab network for a client the caller runs itself (a Playwright test's own
   * browser): its namespace, its board user and a Chromium wrapper that runs inside it. The
   * board's detections are attributed to it by address like any client's; the caller says
   * when it is connected (`attachedConnected`) and stops what it runs (no process of ours).
   */
  async attachHost(options: { user: string; kind?: ClientKind }): Promise<AttachedHost> {
    if (this.options.external) throw new TypeError('the docker engine cannot attach hosts');
    if (!this.board.running)
      throw new PulseboardError('BOARD_NOT_RUNNING', 'Start the board before attaching hosts');
    const id = `c${++this.clientSeq}`;
    await this.boardRunner.addUsers([options.user]);
    const [host] = await this.topology.addHosts([id]);
    const kind = options.kind ?? 'browser';
    const info: LabClient = {
      id,
      kind,
      user: options.user,
      address: host!.address,
      ns: host!.ns,
      state: 'starting',
      since: Date.now(),
    };
    this.clients.set(id, { info, host: host!, observer: false });
    this.emitEvent({ type: 'client', at: info.since, client: { ...info } });
    return {
      client: { ...info },
      password: labPassword(options.user),
      chromiumWrapper: writeChromiumWrapper(this.runDir, host!.ns),
    };
  }

  /** An attached host's client is connected (its caller saw it join). */
  attachedConnected(id: string): void {
    this.setState(id, 'connected');
  }

  async removeClient(id: string): Promise<void> {
    const rec = this.clients.get(id);
    if (!rec) throw new Error(`no client ${id}`);
    this.clients.delete(id);
    rec.proc?.kill('SIGKILL');
    this.observers.forget(id);
    await this.topology.removeHost(id);
    this.emitEvent({ type: 'client-removed', at: Date.now(), id });
  }

  /** Have a client operate a line as its own user (so failsafe ties the line to its session). */
  operate(id: string, line: string, value: 0 | 1): void {
    if (!this.need(this.hub, 'hub').send(id, { t: 'operate', line, value }))
      throw new Error(`client ${id} is not reporting`);
  }

  /** Have a client do something as its own user, over its own connection (lock, chat). */
  tell(id: string, cmd: ControllerCommand): void {
    if (!this.clients.has(id)) throw new TypeError(`no client ${id}`);
    if (!this.need(this.hub, 'hub').send(id, cmd)) throw new Error(`client ${id} is not reporting`);
  }

  /**
   * Power a powered-off client on again: its power-off fault is healed (the link is back) and
   * its process starts afresh in the same host, as the same user.
   */
  async powerOn(id: string): Promise<LabClient> {
    const rec = this.clients.get(id);
    if (!rec?.cfg) throw new TypeError(`no client ${id} that the lab started`);
    if (rec.proc && rec.proc.exitCode === null && rec.proc.signalCode === null)
      throw new TypeError(`client ${id} is running: power it off first`);
    for (const f of this.faults.activeFaults())
      if (f.kind === 'power-off' && f.targets.includes(id)) await this.heal(f.id);
    const entries = this.need(this.entries, 'client entry');
    const proc = spawnClient(
      rec.cfg,
      entries.client,
      () => rec.proc === proc && this.setState(id, 'stopped'),
    );
    rec.proc = proc;
    rec.info = { ...rec.info, state: 'starting', since: Date.now() };
    this.emitEvent({ type: 'client', at: rec.info.since, client: { ...rec.info } });
    return { ...rec.info };
  }

  client(id: string): LabClient | undefined {
    const rec = this.clients.get(id);
    return rec ? { ...rec.info } : undefined;
  }

  listClients(): LabClient[] {
    return [...this.clients.values()].map((c) => ({ ...c.info }));
  }

  private setState(id: string, state: LabClient['state'], rttMs?: number): void {
    const rec = this.clients.get(id);
    if (!rec) return;
    // A stopped process (power-off) cannot reconnect, but the server's verdict on it still counts.
    if (rec.info.state === 'stopped' && state !== 'suspect' && state !== 'offline') return;
    const changed = rec.info.state !== state;
    if (rttMs !== undefined) rec.info.rttMs = rttMs;
    if (!changed && rttMs === undefined) return;
    if (changed) {
      rec.info.state = state;
      rec.info.since = Date.now();
    }
    this.emitEvent({ type: 'client', at: Date.now(), client: { ...rec.info } });
  }

  private onReport(r: ClientReport): void {
    if (r.t === 'hello' && this.options.external) this.adoptExternal(r);
    switch (r.t) {
      case 'state':
        if (r.state === 'connected') this.setState(r.id, 'connected');
        else this.log('info', `${r.id}: ${r.detail ?? 'disconnected'}`);
        break;
      case 'rtt': {
        const rec = this.clients.get(r.id);
        if (rec && rec.info.state === 'connected') this.setState(r.id, 'connected', r.ms);
        break;
      }
      case 'presence':
        this.onObserved(r.id, r.user, r.state, r.at);
        break;
      case 'log':
        this.log(r.level, `${r.id}: ${r.msg}`);
        break;
      default:
        break;
    }
  }

  /**
   * A client started outside the lab (docker compose) says hello: track it like our own, by the
   * address it reaches the board from (detections are attributed by address; by user name only
   * when the hello carried none). A restarted container says hello again, maybe from another
   * address: it starts over.
   */
  private adoptExternal(r: Extract<ClientReport, { t: 'hello' }>): void {
    const address = r.address ?? '';
    const known = this.clients.get(r.id);
    if (known) {
      known.info.address = known.host.address = address;
      known.info.state = 'starting';
      known.info.since = Date.now();
      this.emitEvent({ type: 'client', at: known.info.since, client: { ...known.info } });
      return;
    }
    const info: LabClient = {
      id: r.id,
      kind: r.kind ?? 'ws',
      user: r.user ?? r.id,
      address,
      ns: 'external',
      state: 'starting',
      since: Date.now(),
    };
    const host: Host = { name: r.id, ns: 'external', address, port: '', index: 0 };
    this.clients.set(r.id, { info, host, observer: info.kind !== 'http' && info.kind !== 'tcp' });
    this.emitEvent({ type: 'client', at: info.since, client: { ...info } });
  }

  // ---- detection and notification -------------------------------------------------------

  private onBoardLine(line: string): void {
    const d = parseDetection(line);
    if (d) this.onDetection(d);
  }

  private known() {
    return [...this.clients.values()].map((c) => ({ info: c.info, address: c.host.address }));
  }

  /** The most recent fault aimed at this client that started no later than `before`. */
  latestFault(clientId: string, before = Infinity): Fault | undefined {
    return this.faults.latestFor(clientId, before);
  }

  /**
   * Where the lab itself reaches the board from: the uplink (board watch, panel proxy, a browser
   * on the host side). Connections from there are never a virtual client's.
   */
  private ownAddresses(): string[] {
    return this.topo ? [this.topo.uplinkAddress] : [];
  }

  /**
   * Attributes now, or — while a fault is being applied — once it is on the book: its effect
   * can be detected before the applier returns (a Docker helper still exiting, an rst), and
   * attributed then it counted as a false alarm.
   */
  private attribute(record: () => void): void {
    if (this.applying > 0) this.held.push(record);
    else record();
  }

  private onDetection(d: Detection): void {
    this.attribute(() => {
      const about = clientForDetection(this.known(), this.faults, d, this.ownAddresses());
      if (!about) return;
      // Heard again after a suspect: back to connected, nothing to measure.
      if (d.state === 'alive') return this.setState(about.info.id, 'connected');
      this.emitEvent(detectedEvent({ ...d, state: d.state }, about, this.faults));
      this.setState(about.info.id, d.state);
    });
  }

  private onObserved(observerId: string, user: string, state: string, at: number): void {
    const loss = lossState(state);
    if (!this.observers.changed(observerId, user, loss ?? 'online') || !loss) return;
    this.attribute(() => {
      const about = clientOfUser(this.known(), this.faults, user);
      if (!about || about.info.id === observerId) return;
      this.emitEvent(notifiedEvent(observerId, about, loss, at, this.faults));
    });
  }

  // ---- faults ----------------------------------------------------------------------------

  private faultContext(): FaultContext {
    const topo = this.topology;
    return {
      switchNs: topo.names.switchNs,
      subnet: `10.${topo.octet}.0.0`,
      host: (id): FaultHost => {
        if (id === 'board') {
          const h = topo.hosts.get('board');
          if (!h) throw new TypeError('the board runs on the host side: it cannot be a fault target');
          return { id, ns: h.ns, port: h.port, address: h.address };
        }
        const rec = this.clients.get(id);
        if (!rec) throw new TypeError(`unknown fault target "${id}"`);
        return { id, ns: rec.host.ns, port: rec.host.port, address: rec.host.address, kind: rec.info.kind };
      },
      processes: (id) => {
        const p = id === 'board' ? this.boardRunner.process : this.clients.get(id)?.proc;
        return p ? [p] : [];
      },
      relayCommand: this.need(this.entries, 'entries').relay,
      netem: this.capabilities?.netem ?? false,
    };
  }

  async fault(
    kind: FaultKind,
    targets: string[],
    params: FaultParams = {},
    durationMs?: number,
  ): Promise<Fault> {
    const id = nextId('f');
    const allTargets = kind === 'partition' ? Object.keys(params.map ?? {}) : targets;
    if (kind !== 'partition' && targets.length === 0)
      throw new TypeError('a fault needs at least one target');
    this.applying += 1;
    try {
      const { applied, startedAt } = await this.applyFault(id, kind, allTargets, params);
      const fault: Fault = { id, kind, targets: allTargets, params, fidelity: applied.fidelity, startedAt };
      if (applied.instant) fault.endedAt = startedAt;
      const timer =
        durationMs !== undefined && !applied.instant
          ? setTimeout(() => void this.heal(id).catch((e: Error) => this.log('error', e.message)), durationMs)
          : undefined;
      this.faults.record(fault, applied, timer);
      this.emitEvent({ type: 'fault', at: startedAt, fault: { ...fault } });
      return { ...fault };
    } finally {
      this.applying -= 1;
      if (this.applying === 0) for (const record of this.held.splice(0)) record();
    }
  }

  private async applyFault(
    id: string,
    kind: FaultKind,
    targets: string[],
    params: FaultParams,
  ): Promise<{ applied: Applied; startedAt: number }> {
    const ext = this.options.external;
    if (!ext) {
      // Measured from just before the commands run: an rst takes effect while they run, and
      // under load its detection can precede their return (it was then counted a false alarm).
      const startedAt = Date.now();
      const applied = await applyFault(this.faultContext(), id, kind, targets, params);
      return { applied, startedAt };
    }
    if (!ext.faults) throw new TypeError(noApplier);
    for (const t of targets)
      if (t !== 'board' && !this.clients.has(t)) throw new TypeError(`unknown fault target "${t}"`);
    return ext.faults(id, kind, targets, params);
  }

  async heal(id: string): Promise<Fault> {
    const taken = this.faults.take(id);
    if (!taken) throw new Error(`no active fault ${id}`);
    await taken.applied.heal();
    taken.fault.endedAt = Date.now();
    this.emitEvent({ type: 'fault', at: taken.fault.endedAt, fault: { ...taken.fault } });
    return { ...taken.fault };
  }

  async healAll(): Promise<void> {
    await Promise.all(this.faults.activeIds().map((id) => this.heal(id)));
  }

  listFaults(): Fault[] {
    return this.faults.activeFaults();
  }

  isFaultActive(id: string): boolean {
    return this.faults.isActive(id);
  }

  // ---- events ----------------------------------------------------------------------------

  snapshot(): LabSnapshot {
    const caps = this.capabilities;
    return {
      board: this.board,
      clients: this.listClients(),
      faults: this.listFaults(),
      capabilities: {
        root: caps?.root ?? false,
        netem: caps?.netem ?? false,
        docker: caps?.docker ?? false,
        engine: this.engine(),
      },
    };
  }

  /** The engine in use and each fault kind's fidelity on it, or why it is refused. */
  engine(): EngineInfo {
    const ext = this.options.external;
    const faults = {} as Record<FaultKind, FaultSupport>;
    for (const kind of faultKinds) {
      if (!ext) {
        const userspace = kind === 'delay' && !(this.capabilities?.netem ?? false);
        faults[kind] = { fidelity: userspace ? 'userspace' : 'kernel' };
      } else if (!ext.faults) faults[kind] = { refused: noApplier };
      else {
        const why = ext.refusal?.(kind);
        faults[kind] = why ? { refused: why } : { fidelity: 'kernel' };
      }
    }
    return { name: ext ? 'docker' : 'namespaces', faults };
  }

  emitEvent(e: LabEvent): void {
    this.events.push(e);
    if (this.events.length > 100_000) this.events.splice(0, 10_000);
    this.emit('event', e);
  }

  log(level: 'info' | 'warn' | 'error', msg: string): void {
    this.emitEvent({ type: 'log', at: Date.now(), level, msg });
  }
}
