// The scenario API's declarations, served at GET /api/types/scenario.d.ts for the editor's
// completion. scenario-dts.test.ts fails when api.ts gains a member this text lacks.
export const scenarioDts = `declare module '@pulseboard/netlab/scenario' {
  export type ClientKind = 'tcp' | 'http' | 'sse' | 'ws' | 'browser';
  export type FaultKind = 'blackhole' | 'cable-pull' | 'power-off' | 'rst' | 'fin' | 'loss' | 'delay' | 'bandwidth' | 'partition';
  export interface FaultParams {
    /** loss: percent of packets dropped each way (1-100) */
    percent?: number;
    /** delay: added one-way delay in ms (userspace relay when the kernel has no netem) */
    delayMs?: number;
    /** delay: uniform jitter, +/- ms */
    jitterMs?: number;
    /** bandwidth: rate in kbit/s (tbf) */
    rateKbit?: number;
    /** partition: id -> ids it cannot reach (one-way) */
    map?: Record<string, string[]>;
  }
  export type LabEvent = { type: string; at: number; [key: string]: unknown };
  export interface ClientHandle { readonly id: string; readonly kind: ClientKind; readonly user: string; readonly address: string }
  export interface FaultHandle { readonly id: string; readonly kind: FaultKind; readonly startedAt: number; heal(): Promise<void> }
  export type Target = ClientHandle | ClientHandle[] | 'board';
  /** Deadline in ms. expectPresence/Line/Connected count from the call; expectDetection/Notified from the client's latest fault start. */
  export interface Within { within: number }
  export interface ScenarioLab {
    /** Start the real \`pulseboard serve\` (once; later calls return the running board). */
    /** maxUsers: the server's user cap (lab default 500); args: extra \`pulseboard serve\` flags. */
    startBoard(options?: { port?: number; where?: 'ns' | 'host'; maxUsers?: number; args?: string[] }): Promise<{ url: string }>;
    /** Add one client in its own host and wait until it is connected (default 20 s). */
    addClient(options: { kind: ClientKind; user?: string; timeoutMs?: number }): Promise<ClientHandle>;
    /** Add \`count\` clients at once (each its own host and user unless \`user\` is given). */
    addClients(count: number, options: { kind: ClientKind; user?: string; timeoutMs?: number }): Promise<ClientHandle[]>;
    wait(ms: number): Promise<void>;
    /** Apply a fault now; with durationMs it heals itself. */
    fault(target: Target, kind: FaultKind, params?: FaultParams, options?: { durationMs?: number }): Promise<FaultHandle>;
    /** Partition: each [from, [to...]] drops from -> to (one-way; list both ways for a full cut). */
    partition(map: [ClientHandle | 'board', (ClientHandle | 'board')[]][], options?: { durationMs?: number }): Promise<FaultHandle>;
    /** Heal one fault, or every active fault. */
    heal(fault?: FaultHandle): Promise<void>;
    /** Operate a line through the board's API. */
    setLine(name: string, value: 0 | 1): Promise<void>;
    /** Have a client operate a line as its user (over its own WebSocket when it has one). */
    operate(client: ClientHandle, name: string, value: 0 | 1): void;
    /** Toggle a line every everyMs so the server keeps streaming state; returns a stop function. */
    streamLine(name: string, everyMs: number): () => void;
    /** The board's presence of user reaches state within the deadline (from the call). */
    expectPresence(user: string, state: 'online' | 'suspect' | 'offline', options: Within): Promise<boolean>;
    /** The board's presence of user never becomes state for forMs (no false alarm). */
    expectNever(user: string, state: 'suspect' | 'offline', options: { forMs: number }): Promise<boolean>;
    /** Server detection latency of this client, from its latest fault start; undefined if missed. */
    expectDetection(client: ClientHandle, options: Within & { state?: 'suspect' | 'offline' }): Promise<number | undefined>;
    /** Every other connected observer (ws, sse, browser) was told, from the fault start; slowest latency. */
    expectNotified(client: ClientHandle, options: Within & { state?: 'suspect' | 'offline' }): Promise<number | undefined>;
    /** A board line reaches value within the deadline (from the call). */
    expectLine(name: string, value: 0 | 1, options: Within): Promise<boolean>;
    /** The client is connected (again) within the deadline (from the call). */
    expectConnected(client: ClientHandle, options: Within): Promise<boolean>;
    /** Record a free-form expectation. */
    expect(name: string, ok: boolean, message?: string): boolean;
    log(message: string): void;
    readonly events: readonly LabEvent[];
  }
  export interface ScenarioOptions { description?: string; fast?: boolean; timeoutMs?: number }
  export interface ScenarioDef { readonly kind: 'pulseboard-scenario'; readonly name: string; readonly description: string; readonly fast: boolean; readonly timeoutMs: number; readonly run: (lab: ScenarioLab) => Promise<void> }
  export function scenario(name: string, run: (lab: ScenarioLab) => Promise<void>): ScenarioDef;
  export function scenario(name: string, options: ScenarioOptions, run: (lab: ScenarioLab) => Promise<void>): ScenarioDef;
}
`;
