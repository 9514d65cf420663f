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

export type {
  Board,
  Capabilities,
  ClientKind,
  ClientState,
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
