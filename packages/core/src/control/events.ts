import type { LineValue } from '../hardware/board.js';
import type { InputEdge } from '../hardware/driver.js';
import type { Role } from './actor.js';
import type { CommandStatus } from './command-lifecycle.js';
import type { LineState } from './line-state.js';

// What the controller emits and returns: the payloads the server broadcasts as they are. Types
// only, with no Node import anywhere below them: the panel compiles against them in the browser.

/** A control lock (control/lock.ts keeps the table). */
export interface LockInfo {
  id: string;
  user: string;
  sessionId: string;
  role: Role;
  lines: string[] | '*';
  since: number;
}

export type LockChange =
  | { type: 'taken'; lock: LockInfo }
  | { type: 'released'; lock: LockInfo; by: { user: string; sessionId: string } }
  | { type: 'takeover'; lock: LockInfo; by: { user: string; sessionId: string } }
  | { type: 'session-dead'; lock: LockInfo };

export interface OperationResult {
  id: string;
  line: string;
  value: LineValue;
  requestedAt: number;
  confirmedAt: number;
  durationMs: number;
  /** Acknowledged after the command had timed out (it was reported unknown first). */
  late?: boolean;
  timedOutAt?: number;
}

export interface OperationEvent {
  id: string;
  line: string;
  value: LineValue;
  /** pending -> confirmed | failed | unknown; unknown -> confirmed (late) | failed. Never otherwise. */
  status: CommandStatus;
  actor: { user: string; sessionId: string; role: Role };
  requestedAt: number;
  completedAt?: number;
  error?: { code: string; message: string };
  /** When the command went unknown (its timeout passed without an acknowledgement). */
  timedOutAt?: number;
  /** Settled after it was reported unknown: "applied late at completedAt" (or failed late). */
  late?: boolean;
  /** What the line read after a failed write. */
  readBack?: LineValue;
}

export type LockEvent = LockChange & { locks: LockInfo[] };

export interface FailsafeReport {
  line: string;
  sessionId: string;
  user: string;
  safeValue: LineValue;
  lastHeardAt: number;
  detectedAt: number;
  safeAt: number | null;
  faultToSafeMs: number | null;
  detectToSafeMs: number | null;
  result: 'confirmed' | 'failed';
  error?: string;
}

export interface AllSafeReport {
  reason: string;
  lines: { line: string; result: 'confirmed' | 'failed'; error?: string }[];
}

export interface BoardState {
  board: string;
  /** The board's name for people, and what it is (from the board file), when given. */
  title: string | null;
  description: string | null;
  lines: LineState[];
  locks: LockInfo[];
}

export interface ControllerEvents {
  state: [LineState];
  operation: [OperationEvent];
  lock: [LockEvent];
  failsafe: [FailsafeReport];
  input: [InputEdge];
}
