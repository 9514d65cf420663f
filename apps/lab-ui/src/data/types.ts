// The lab API's types are the engine's own (packages/netlab/src/types.ts, docs/lab-api.md),
// imported as types only: the UI still talks to the lab only over HTTP/WS, but it compiles
// against the contract the server speaks instead of a copy that can drift.
import type {
  ClientKind,
  FaultKind,
  FaultParams,
  LabEvent,
  LabSnapshot,
  RunResult,
} from '@pulseboard/netlab/types';
import type { BoardState as CoreBoardState, LockInfo } from '@pulseboard/core/control/events';
import type { ChangedBy, LineState as CoreLineState } from '@pulseboard/core/control/line-state';

export type {
  Board,
  Capabilities,
  ClientKind,
  ClientState,
  Diagnostic,
  Expectation,
  Fault,
  FaultKind,
  FaultParams,
  Fidelity,
  LabClient,
  LabEvent,
  LabSnapshot,
  RunResult,
  ScenarioInfo,
} from '@pulseboard/netlab/types';

export const CLIENT_KINDS: readonly ClientKind[] = ['tcp', 'http', 'sse', 'ws', 'browser'];

export type PresenceState = Extract<LabEvent, { type: 'detected' }>['state'];
export type RunStatus = RunResult['status'];

export type DetectedEvent = Extract<LabEvent, { type: 'detected' }>;
export type NotifiedEvent = Extract<LabEvent, { type: 'notified' }>;

/** `recent`: the lab's latest events before this viewer connected (a page opened mid-run). */
export type StreamMessage = { type: 'snapshot'; lab: LabSnapshot; recent?: LabEvent[] } | LabEvent;

/** GET /api/runs items. The lab also lists the run in progress, with status "running". */
export type RunSummary = Omit<RunResult, 'events' | 'status'> & { status: RunStatus | 'running' };

export interface NewFault {
  kind: FaultKind;
  targets: string[];
  params?: FaultParams;
  durationMs?: number;
}

/** What a client can be told to do as its own user (POST /api/clients/:id/act). */
export type ClientAction =
  | { action: 'operate'; line: string; value: 0 | 1 }
  | { action: 'lock' }
  | { action: 'unlock' }
  | { action: 'chat'; text: string };

/** A simulated hardware fault on one line (PUT /api/board/hardware-faults/:line). */
export type HardwareFault = { kind: 'stuck' } | { kind: 'error'; message?: string };

/**
 * One line of the board's GET /api/state, as far as the lab UI reads it: picked from the
 * server's own type (core's LineState), so a renamed or retyped field fails here, not on screen.
 */
export type BoardLine = Pick<
  CoreLineState,
  'name' | 'label' | 'direction' | 'value' | 'failsafe' | 'safeValue' | 'pulseMs'
> & {
  lastChangedBy: Pick<ChangedBy, 'user'> | null;
  fault: Pick<NonNullable<CoreLineState['fault']>, 'code' | 'message'> | null;
};

export type BoardState = Pick<CoreBoardState, 'board'> & {
  lines: BoardLine[];
  locks: Pick<LockInfo, 'id' | 'user'>[];
};

/** GET/POST /api/demo. `observer`: the user to watch the demo from (never faulted). */
export interface DemoState {
  running: boolean;
  error?: string;
  startedAt?: number;
  observer: string;
}

export type CaptionEvent = Extract<LabEvent, { type: 'caption' }>;
export type StepEvent = Extract<LabEvent, { type: 'step' }>;
export type ExpectationEvent = Extract<LabEvent, { type: 'expectation' }>;
