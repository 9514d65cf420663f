import type { ClientKind, FaultKind, FaultParams, LabEvent } from '../types.js';

// The scenario API: what a scenario file sees. Kept small on purpose. The editor's
// declarations (scenario-dts.ts, served as GET /api/types/scenario.d.ts) are generated from this
// file and the types it uses: `npm run gen:scenario-dts`; a test fails when they differ.

export interface ClientHandle {
  readonly id: string;
  readonly kind: ClientKind;
  readonly user: string;
  readonly address: string;
}

export interface FaultHandle {
  readonly id: string;
  readonly kind: FaultKind;
  readonly startedAt: number;
  heal(): Promise<void>;
}

export type Target = ClientHandle | ClientHandle[] | 'board';

/** Deadline in ms. expectPresence/Line/Connected count from the call; expectDetection/Notified from the client's latest fault start. */
export interface Within {
  within: number;
}

export interface ScenarioLab {
  /**
   * Start the real `pulseboard serve` (once; later calls return the running board). maxUsers:
   * the server's user cap (lab default 500); args: extra `pulseboard serve` flags.
   */
  startBoard(options?: {
    port?: number;
    where?: 'ns' | 'host';
    maxUsers?: number;
    args?: string[];
  }): Promise<{ url: string }>;
  /** Add one client in its own host and wait until it is connected (default 20 s). */
  addClient(options: { kind: ClientKind; user?: string; timeoutMs?: number }): Promise<ClientHandle>;
  /** Add `count` clients at once (each its own host and user unless `user` is given). */
  addClients(
    count: number,
    options: { kind: ClientKind; user?: string; timeoutMs?: number },
  ): Promise<ClientHandle[]>;
  wait(ms: number): Promise<void>;
  /** Apply a fault now; with durationMs it heals itself. */
  fault(
    target: Target,
    kind: FaultKind,
    params?: FaultParams,
    options?: { durationMs?: number },
  ): Promise<FaultHandle>;
  /** Partition: each [from, [to...]] drops from -> to (one-way; list both ways for a full cut). */
  partition(
    map: [ClientHandle | 'board', (ClientHandle | 'board')[]][],
    options?: { durationMs?: number },
  ): Promise<FaultHandle>;
  /** Heal one fault, or every active fault. */
  heal(fault?: FaultHandle): Promise<void>;
  /** Operate a line through the board's API (as the lab's own user). */
  setLine(name: string, value: 0 | 1): Promise<void>;
  /** Have a client operate a line as its user (over its own WebSocket when it has one). */
  operate(client: ClientHandle, name: string, value: 0 | 1): void;
  /** Toggle a line every `everyMs` so the server keeps streaming state; returns a stop function. */
  streamLine(name: string, everyMs: number): () => void;
  /** The board's presence of `user` reaches `state` within the deadline (from the call). */
  expectPresence(user: string, state: 'online' | 'suspect' | 'offline', options: Within): Promise<boolean>;
  /** The board's presence of `user` never becomes `state` for `forMs` (no false alarm). */
  expectNever(user: string, state: 'suspect' | 'offline', options: { forMs: number }): Promise<boolean>;
  /**
   * Server detection latency of this client, from its latest fault start (the board's detection
   * records); undefined if missed.
   */
  expectDetection(
    client: ClientHandle,
    options: Within & { state?: 'suspect' | 'offline' },
  ): Promise<number | undefined>;
  /** Every other connected observer (ws, sse, browser) was told, from the fault start; slowest latency. */
  expectNotified(
    client: ClientHandle,
    options: Within & { state?: 'suspect' | 'offline' },
  ): Promise<number | undefined>;
  /** A board line reaches value within the deadline (from the call). */
  expectLine(name: string, value: 0 | 1, options: Within): Promise<boolean>;
  /** The client is connected (again) within the deadline (from the call). */
  expectConnected(client: ClientHandle, options: Within): Promise<boolean>;
  /** Record a free-form expectation. */
  expect(name: string, ok: boolean, message?: string): boolean;
  log(message: string): void;
  /** Everything that happened in this run so far. */
  readonly events: readonly LabEvent[];
}

export interface ScenarioOptions {
  description?: string;
  /** Part of the CI fast subset. */
  fast?: boolean;
  /** Abort the run after this long (default 120 s). */
  timeoutMs?: number;
}

export interface ScenarioDef extends Required<ScenarioOptions> {
  readonly kind: 'pulseboard-scenario';
  readonly name: string;
  readonly run: (lab: ScenarioLab) => Promise<void>;
  /** The file it was loaded from (set by loadScenario): runs trace their steps to its lines. */
  readonly file?: string;
}

export function scenario(name: string, run: (lab: ScenarioLab) => Promise<void>): ScenarioDef;
export function scenario(
  name: string,
  options: ScenarioOptions,
  run: (lab: ScenarioLab) => Promise<void>,
): ScenarioDef;
export function scenario(
  name: string,
  a: ScenarioOptions | ((lab: ScenarioLab) => Promise<void>),
  b?: (lab: ScenarioLab) => Promise<void>,
): ScenarioDef {
  const options = typeof a === 'function' ? {} : a;
  const run = typeof a === 'function' ? a : b;
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(name))
    throw new TypeError('scenario name must be 1-64 characters of a-z, 0-9 and "-"');
  if (typeof run !== 'function') throw new TypeError('scenario needs a run function');
  return {
    kind: 'pulseboard-scenario',
    name,
    description: '',
    fast: false,
    timeoutMs: 120_000,
    ...options,
    run,
  };
}

export function isScenario(v: unknown): v is ScenarioDef {
  return !!v && typeof v === 'object' && (v as ScenarioDef).kind === 'pulseboard-scenario';
}
