// The lab: one virtual network, one board, many virtual clients, faults as intervals, and
// the event log that scenarios, the API server and the report read. Everything it creates
// is torn down by stop(); leftovers of a crashed lab are removed by the next start(). The same
// on both engines (engine/): namespaces made here, or Docker containers started by compose.
// Over 400 lines on purpose: the one facade the API server, scenarios and the Playwright
// fixture (attachHost) drive; clients, faults and the network live in controller/roster.ts,
// controller/fault-desk.ts and engine/.

import { PulseboardError } from '@pulseboard/core';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { ClientConfig, ControllerCommand } from './clients/protocol.js';
import { BoardRunner, type BoardOptions } from './controller/board-runner.js';
import { failsafeEvent, lockEvent } from './controller/board-events.js';
import { LineLog, type BoardEvent } from './controller/board-watch.js';
import { detectionOf, parseDetection, type Detection } from './controller/detection.js';
import { clientForDetection, clientOfUser, detectedEvent, notifiedEvent } from './controller/attribution.js';
import { FaultDesk } from './controller/fault-desk.js';
import { Hub } from './controller/hub.js';
import { Roster } from './controller/roster.js';
import { writeChromiumWrapper } from './controller/spawn-client.js';
import { lossState, ObserverLog } from './controller/observers.js';
import { DockerEngine, type DockerFaultApi } from './engine/docker.js';
import { engineInfo, type Engine } from './engine/engine.js';
import { NamespaceEngine } from './engine/namespaces.js';
import { detectCapabilities, type Capabilities as FullCaps } from './net/capabilities.js';
import { defaultPrefix, newRunId } from './net/names.js';
import type { Topology } from './net/topology.js';
import type {
  Board,
  ClientKind,
  EngineInfo,
  Fault,
  FaultKind,
  FaultParams,
  LabClient,
  LabEvent,
  LabSnapshot,
} from './types.js';
import { labRunsDir } from './util/paths.js';

export interface LabOptions {
  prefix?: string;
  runId?: string;
  /** Remove leftovers with the same prefix before starting (default true). */
  cleanFirst?: boolean;
  /**
   * The Docker engine (engine/docker.ts): no namespaces are made here. The board runs elsewhere
   * (its URL), and clients started by docker compose report on `hubPath` (a shared volume).
   * Faults go through `docker` (the Docker API); without it they are refused.
   */
  external?: {
    boardUrl: string;
    hubPath: string;
    docker?: DockerFaultApi;
  };
  /**
   * Namespace engine with a board the lab does not run (a real board on the LAN, or one a test
   * started): reached by routing, no NAT (net/external-board.ts). `accounts` are passwords of
   * accounts that exist on it (`lab`, an admin, is the one the lab watches it with). The board
   * must route the lab's subnet (`subnetOctet`, 10.N.0.0/16) back to this machine.
   */
  externalBoard?: { url: string; accounts: Record<string, string> };
  /** The lab's /16 is 10.<subnetOctet>.0.0; default: picked from the run id. */
  subnetOctet?: number;
}

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

const defaultLabOptions = { prefix: defaultPrefix, cleanFirst: true, external: undefined };

export class Lab extends EventEmitter<{ event: [LabEvent] }> {
  readonly runId: string;
  readonly prefix: string;
  readonly runDir: string;
  readonly events: LabEvent[] = [];
  capabilities: FullCaps | undefined;
  private readonly options: Omit<LabOptions, 'runId'> & { prefix: string; cleanFirst: boolean };
  private readonly engine: Engine;
  private hub: Hub | undefined;
  private readonly boardRunner: BoardRunner;
  private readonly clients: Roster;
  private readonly faults: FaultDesk;
  private readonly observers = new ObserverLog();
  private readonly lines = new LineLog();
  private clientSeq = 0;
  private started = false;

  constructor(options: LabOptions = {}) {
    super();
    this.options = { ...defaultLabOptions, ...options };
    this.prefix = this.options.prefix;
    this.runId = options.runId ?? newRunId();
    this.runDir = join(labRunsDir, this.runId);
    const ext = this.options.external;
    this.engine = ext
      ? new DockerEngine({ hubPath: ext.hubPath, api: ext.docker, boardHost: new URL(ext.boardUrl).hostname })
      : new NamespaceEngine({
          prefix: this.prefix,
          runId: this.runId,
          runDir: this.runDir,
          cleanFirst: this.options.cleanFirst,
          processes: (id) => {
            const p = id === 'board' ? this.boardRunner.process : this.clients.record(id)?.proc;
            return p ? [p] : [];
          },
          netem: () => this.capabilities?.netem ?? false,
          externalBoard: this.options.externalBoard && new URL(this.options.externalBoard.url).hostname,
          subnetOctet: this.options.subnetOctet,
          log: (level, msg) => this.log(level, msg),
        });
    this.clients = new Roster({
      emit: (e) => this.emitEvent(e),
      log: (level, msg) => this.log(level, msg),
      observed: (observer, user, state, at) => this.onObserved(observer, user, state, at),
      adopts: this.engine.adoptsClients,
    });
    this.faults = new FaultDesk({
      engine: this.engine,
      knows: (id) => id === 'board' || this.clients.has(id),
      emit: (e) => this.emitEvent(e),
      log: (level, msg) => this.log(level, msg),
    });
    this.boardRunner = new BoardRunner({
      runDir: this.runDir,
      topology: () => this.topology,
      externalUrl: this.externalBoardUrl,
      accounts: this.options.externalBoard?.accounts,
      onLine: (line) => this.onBoardLine(line),
      onEvent: (e) => this.onBoardEvent(e),
      log: (level, msg) => this.log(level, msg),
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) return;
    this.capabilities = await detectCapabilities();
    await this.engine.start(this.capabilities);
    this.hub = new Hub(this.engine.hubPath);
    this.hub.on('report', (r) => this.clients.onReport(r));
    // An adopted client's process (container) is gone: killed, or it lost the lab. A restart
    // says hello again. (The lab's own clients are watched as processes.)
    if (this.engine.adoptsClients) this.hub.on('gone', (id) => this.clients.setState(id, 'stopped'));
    await this.hub.listen();
    this.started = true;
    const where = this.externalBoardUrl ? `, board ${this.externalBoardUrl}` : '';
    this.log('info', `lab ${this.runId} started (engine ${this.engine.name}${where})`);
  }

  async stop(): Promise<void> {
    await this.healAll().catch(() => undefined);
    this.clients.clear();
    await this.stopBoard();
    await this.hub?.close();
    await this.engine.stop();
    this.started = false;
  }

  /** The board's URL when the lab does not run it (Docker's compose board, or `externalBoard`). */
  private get externalBoardUrl(): string | undefined {
    return this.options.external?.boardUrl ?? this.options.externalBoard?.url;
  }

  private need<T>(v: T | undefined, what: string): T {
    if (v === undefined) throw new Error(`lab not started: ${what} missing (call start() first)`);
    return v;
  }

  /** The namespace engine's network (a TypeError on Docker, whose network is compose's). */
  get topology(): Topology {
    if (!(this.engine instanceof NamespaceEngine))
      throw new TypeError('the Docker engine has no lab topology');
    return this.engine.topology;
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
    if (e.type === 'detection' && this.boardRunner.external) {
      const d = detectionOf({ ...e, event: 'detection' });
      if (d) this.onDetection(d);
    }
  }

  // ---- clients ---------------------------------------------------------------------------

  async addClients(options: AddClientOptions): Promise<LabClient[]> {
    // Clients log in to the board: without one they cannot start (a clear 409, not a 500).
    if (!this.engine.adoptsClients && !this.board.running)
      throw new PulseboardError('BOARD_NOT_RUNNING', 'Start the board before adding clients');
    const hub = this.need(this.hub, 'hub');
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 500)
      throw new TypeError('count must be an integer 1..500');
    const ids = Array.from({ length: count }, () => `c${++this.clientSeq}`);
    const users = ids.map((id) => options.user ?? `user-${id}`);
    const hosts = await this.engine.addHosts(ids);
    await this.boardRunner.addUsers([...new Set(users)]);
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
      const cfg: ClientConfig = {
        id,
        kind: options.kind,
        url: this.boardUrl,
        user,
        password: this.boardRunner.passwordOf(user),
        socket: hub.path,
        ns: host.ns,
      };
      const proc = this.engine.spawnClient(cfg, () => this.clients.setState(id, 'stopped'));
      this.clients.add({ info, cfg, proc });
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
    if (this.engine.adoptsClients)
      throw new TypeError('this engine starts its clients itself: it cannot attach hosts');
    if (!this.board.running)
      throw new PulseboardError('BOARD_NOT_RUNNING', 'Start the board before attaching hosts');
    const id = `c${++this.clientSeq}`;
    const [host] = await this.engine.addHosts([id]);
    await this.boardRunner.addUsers([options.user]);
    const info: LabClient = {
      id,
      kind: options.kind ?? 'browser',
      user: options.user,
      address: host!.address,
      ns: host!.ns,
      state: 'starting',
      since: Date.now(),
    };
    this.clients.add({ info });
    return {
      client: { ...info },
      password: this.boardRunner.passwordOf(options.user),
      chromiumWrapper: writeChromiumWrapper(this.runDir, host!.ns),
    };
  }

  /** An attached host's client is connected (its caller saw it join). */
  attachedConnected(id: string): void {
    this.clients.setState(id, 'connected');
  }

  async removeClient(id: string): Promise<void> {
    const rec = this.clients.delete(id);
    if (!rec) throw new Error(`no client ${id}`);
    rec.proc?.kill('SIGKILL');
    this.observers.forget(id);
    await this.engine.removeHost(id);
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
    const rec = this.clients.record(id);
    if (!rec?.cfg) throw new TypeError(`no client ${id} that the lab started`);
    if (rec.proc && rec.proc.exitCode === null && rec.proc.signalCode === null)
      throw new TypeError(`client ${id} is running: power it off first`);
    for (const f of this.faults.book.activeFaults())
      if (f.kind === 'power-off' && f.targets.includes(id)) await this.heal(f.id);
    const proc = this.engine.spawnClient(
      rec.cfg,
      () => rec.proc === proc && this.clients.setState(id, 'stopped'),
    );
    rec.proc = proc;
    return this.clients.restart(id)!;
  }

  client(id: string): LabClient | undefined {
    return this.clients.client(id);
  }

  listClients(): LabClient[] {
    return this.clients.list();
  }

  // ---- detection and notification -------------------------------------------------------

  private onBoardLine(line: string): void {
    const d = parseDetection(line);
    if (d) this.onDetection(d);
  }

  /** The most recent fault aimed at this client that started no later than `before`. */
  latestFault(clientId: string, before = Infinity): Fault | undefined {
    return this.faults.book.latestFor(clientId, before);
  }

  /** Attributed once any fault being applied is on the book (FaultDesk.attribute). */
  private onDetection(d: Detection): void {
    this.faults.attribute(() => {
      // Connections from where the lab itself reaches the board (the uplink: board watch,
      // panel proxy, a browser on the host side) are never a virtual client's.
      const about = clientForDetection(this.clients.known(), this.faults.book, d, this.engine.ownAddresses());
      if (!about) return;
      // Heard again after a suspect: back to connected, nothing to measure.
      if (d.state === 'alive') return this.clients.setState(about.info.id, 'connected');
      this.emitEvent(detectedEvent({ ...d, state: d.state }, about, this.faults.book));
      this.clients.setState(about.info.id, d.state);
    });
  }

  private onObserved(observerId: string, user: string, state: string, at: number): void {
    const loss = lossState(state);
    if (!this.observers.changed(observerId, user, loss ?? 'online') || !loss) return;
    this.faults.attribute(() => {
      const about = clientOfUser(this.clients.known(), this.faults.book, user);
      if (!about || about.info.id === observerId) return;
      this.emitEvent(notifiedEvent(observerId, about, loss, at, this.faults.book));
    });
  }

  // ---- faults (controller/fault-desk.ts, planned and run by the engine) -------------------

  fault(kind: FaultKind, targets: string[], params: FaultParams = {}, durationMs?: number): Promise<Fault> {
    return this.faults.fault(kind, targets, params, durationMs);
  }

  heal(id: string): Promise<Fault> {
    return this.faults.heal(id);
  }

  healAll(): Promise<void> {
    return this.faults.healAll();
  }

  listFaults(): Fault[] {
    return this.faults.book.activeFaults();
  }

  isFaultActive(id: string): boolean {
    return this.faults.book.isActive(id);
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
        engine: this.engineInfo(),
      },
    };
  }

  /** The engine in use and each fault kind's fidelity on it, or why it is refused. */
  engineInfo(): EngineInfo {
    return engineInfo(this.engine);
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
