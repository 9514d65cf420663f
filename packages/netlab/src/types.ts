// The lab API's vocabulary (docs/lab-api.md): shared by the engine, the API server, the
// scenario runner and the report. Times are epoch ms from the lab host's Date.now().
export type ClientKind = 'tcp' | 'http' | 'sse' | 'ws' | 'browser';
export type ClientState = 'starting' | 'connected' | 'suspect' | 'offline' | 'stopped';
export type FaultKind =
  'blackhole' | 'cable-pull' | 'power-off' | 'rst' | 'fin' | 'loss' | 'delay' | 'bandwidth' | 'partition';
export type Fidelity = 'kernel' | 'userspace';

export const clientKinds: readonly ClientKind[] = ['tcp', 'http', 'sse', 'ws', 'browser'];
export const faultKinds: readonly FaultKind[] = [
  'blackhole',
  'cable-pull',
  'power-off',
  'rst',
  'fin',
  'loss',
  'delay',
  'bandwidth',
  'partition',
];

export interface Board {
  running: boolean;
  url: string;
  host: string;
  pid?: number;
  /** The panel of each lab user on the lab server, while the board runs (GET /api/lab). */
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

export interface Fault {
  id: string;
  kind: FaultKind;
  targets: string[];
  params: FaultParams;
  fidelity: Fidelity;
  startedAt: number;
  endedAt?: number;
}

export type LabEvent =
  | { type: 'client'; at: number; client: LabClient }
  | { type: 'client-removed'; at: number; id: string }
  | { type: 'fault'; at: number; fault: Fault }
  | {
      type: 'detected';
      at: number;
      clientId: string;
      /** The server's connection that changed state (a client may hold more than one). */
      connectionId?: string;
      /** The fault this detection is measured from (absent: no fault explains it). */
      faultId?: string;
      user: string;
      state: 'suspect' | 'offline';
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
      /** The fault this notification is measured from (absent: no fault explains it). */
      faultId?: string;
      user: string;
      state: 'suspect' | 'offline';
      latencyMs: number;
    }
  | { type: 'line'; at: number; name: string; value: 0 | 1; by?: string }
  /** The board put a line back to its safe value because the session that set it died. */
  | {
      type: 'failsafe';
      at: number;
      line: string;
      /** Whose dead session had switched the line away from safe. */
      user: string;
      value: 0 | 1;
      result: 'confirmed' | 'failed';
      lastHeardAt: number;
      detectedAt: number;
      error?: string;
    }
  /** The board's control lock changed hands (`session-dead`: freed because its holder died). */
  | {
      type: 'lock';
      at: number;
      change: 'taken' | 'released' | 'takeover' | 'session-dead';
      user: string;
      by?: string;
    }
  | {
      type: 'scenario';
      at: number;
      runId: string;
      status: 'running' | 'passed' | 'failed' | 'stopped';
      message?: string;
    }
  | { type: 'log'; at: number; level: 'info' | 'warn' | 'error'; msg: string }
  /** A scenario run's call on `lab`, from this line of its file: the step in progress. */
  | { type: 'step'; at: number; runId: string; line: number; call: string }
  /** A scenario run's expectation as soon as it is decided (the run's result repeats them all). */
  | ({ type: 'expectation'; at: number; runId: string } & Expectation)
  /**
   * One narrated step of the demo (docs/lab-api.md). `times`: what the caption quotes, each an
   * event's time (`at`) measured from `from` (the fault's start, or the step's own start).
   */
  | {
      type: 'caption';
      at: number;
      step: number;
      steps: number;
      text: string;
      times: { label: string; at: number; from: number }[];
    };

export interface Capabilities {
  root: boolean;
  netem: boolean;
  docker: boolean;
  /** The engine this lab runs on, and what each fault kind is there. */
  engine?: EngineInfo;
}

/** A fault kind on an engine: applied with this fidelity, or refused with the reason. */
export type FaultSupport = { fidelity: Fidelity } | { refused: string };

export interface EngineInfo {
  name: 'namespaces' | 'docker';
  faults: Record<FaultKind, FaultSupport>;
}

export interface LabSnapshot {
  board: Board;
  clients: LabClient[];
  faults: Fault[];
  capabilities: Capabilities;
}

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
  /** The scenario file's line that asked for it (absent when the run could not trace it). */
  line?: number;
}

/** A problem the scenario type-checker found (POST /api/scenarios/check); 1-based lines and columns. */
export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  message: string;
  /** TypeScript's code (TS2345 → 2345), for looking it up. */
  code: number;
}

export interface RunResult {
  runId: string;
  scenario: string;
  status: 'passed' | 'failed' | 'stopped';
  startedAt: number;
  endedAt: number;
  expectations: Expectation[];
  events: LabEvent[];
}
