// One row of the operation log, as stored and as GET /api/audit returns it. Types only, no Node
// import: the panel compiles against it in the browser.

export type AuditAction = 'operate' | 'pulse' | 'failsafe' | 'all-safe' | 'lock' | 'unlock' | 'takeover';
/** `unknown`: a command timed out and the hardware has not answered yet (a later row settles it). */
export type AuditResult = 'confirmed' | 'failed' | 'denied' | 'ok' | 'unknown';

export interface AuditEntry {
  user: string;
  sessionId: string;
  remote: string;
  action: AuditAction;
  /** null for actions on the whole board (a board lock). */
  line: string | null;
  oldValue: number | null;
  newValue: number | null;
  result: AuditResult;
  /** Error code when result is failed/denied. */
  error?: string | null;
  /** Epoch ms when the request arrived. */
  requestedAt: number;
  /** Epoch ms when the result was known. */
  completedAt: number;
  /** Free-form extra facts (lock lines, failsafe latency), stored as JSON. */
  detail?: Record<string, unknown> | null;
}

export interface AuditRecord extends Required<AuditEntry> {
  id: number;
}
