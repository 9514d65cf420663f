// The lab API's types, copied from docs/lab-api.md (the contract with packages/netlab).
// The UI talks to the lab only over HTTP/WS, so it keeps its own copy instead of importing.

export type ClientKind = 'tcp' | 'http' | 'sse' | 'ws' | 'browser';
export type ClientState = 'starting' | 'connected' | 'suspect' | 'offline' | 'stopped';
export type FaultKind =
  'blackhole' | 'cable-pull' | 'power-off' | 'rst' | 'fin' | 'loss' | 'delay' | 'bandwidth' | 'partition';
export type Fidelity = 'kernel' | 'userspace';

export const CLIENT_KINDS: readonly ClientKind[] = ['tcp', 'http', 'sse', 'ws', 'browser'];

export interface Board {
  running: boolean;
  url: string;
  host: string;
  pid?: number;
  /** The panel of each lab user on the lab server (while the board runs). */
  panels?: { user: string; url: string }[];
}

export interface LabClient {
  id: string;
  kind: ClientKind;
  user: string;
  address: string;
  ns: string;
  state: ClientState;
  rttMs?: number;
  since: number;
}

export interface FaultParams {
  percent?: number;
  delayMs?: number;
  jitterMs?: number;
  rateKbit?: number;
  /** partition: id -> ids it cannot reach */
  map?: Record<string, string[]>;
}

export interface Fault {
  id: string;
  kind: FaultKind;
  targets: string[];
  params: FaultParams;
  fidelity: Fidelity;
  startedAt: number;
  endedAt?: number;
}

export type PresenceState = 'suspect' | 'offline';
export type RunStatus = 'passed' | 'failed' | 'stopped';

export type LabEvent =
  | { type: 'client'; at: number; client: LabClient }
  | { type: 'client-removed'; at: number; id: string }
  | { type: 'fault'; at: number; fault: Fault }
  | {
      type: 'detected';
      at: number;
      clientId: string;
      user: string;
      state: PresenceState;
      cause: string;
      lastHeardAt: number;
      detectedAt: number;
      latencyMs: number;
    }
  | {
      type: 'notified';
      at: number;
      observerId: string;
      aboutClientId: string;
      user: string;
      state: PresenceState;
      latencyMs: number;
    }
  | { type: 'line'; at: number; name: string; value: 0 | 1; by?: string }
  | {
      type: 'scenario';
      at: number;
      runId: string;
      status: 'running' | RunStatus;
      message?: string;
    }
  | { type: 'log'; at: number; level: 'info' | 'warn' | 'error'; msg: string };

export type DetectedEvent = Extract<LabEvent, { type: 'detected' }>;
export type NotifiedEvent = Extract<LabEvent, { type: 'notified' }>;

export interface Capabilities {
  root: boolean;
  netem: boolean;
  docker: boolean;
}

export interface LabSnapshot {
  board: Board;
  clients: LabClient[];
  faults: Fault[];
  capabilities: Capabilities;
}

export type StreamMessage = { type: 'snapshot'; lab: LabSnapshot } | LabEvent;

export interface ScenarioInfo {
  name: string;
  file: string;
  builtin: boolean;
  description: string;
}

export interface Expectation {
  name: string;
  ok: boolean;
  message: string;
}

export interface RunResult {
  runId: string;
  scenario: string;
  status: RunStatus;
  startedAt: number;
  endedAt: number;
  expectations: Expectation[];
  events: LabEvent[];
}

/** GET /api/runs items. The lab also lists the run in progress, with status "running". */
export type RunSummary = Omit<RunResult, 'events' | 'status'> & { status: RunStatus | 'running' };

export interface NewFault {
  kind: FaultKind;
  targets: string[];
  params?: FaultParams;
  durationMs?: number;
}
