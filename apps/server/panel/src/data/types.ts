// The server's HTTP/WS API as the panel sees it (apps/server/README.md is the contract).
export type Role = 'admin' | 'operator' | 'viewer';
export type LineValue = 0 | 1;

export interface LineState {
  name: string;
  label: string;
  /** The board file's words for 1 and 0 ("Closed"/"Open"); null: ON/OFF. */
  states?: { on: string; off: string } | null;
  direction: 'in' | 'out';
  /** What the hardware reads back, never the intent. */
  value: LineValue | null;
  pending: LineValue | null;
  failsafe: boolean;
  safeValue: LineValue;
  pulseMs: number | null;
  lastChangedBy: { user: string; sessionId: string; at: number; late?: boolean } | null;
  fault: { code: string; message: string; at: number } | null;
  /** A running command past its timeout: it may still land (the server settles it). */
  unknown?: { value: LineValue; since: number } | null;
  /** An acknowledged write the line does not hold. */
  mismatch?: { wanted: LineValue; at: number } | null;
}

export interface LockInfo {
  id: string;
  user: string;
  sessionId: string;
  role: Role;
  lines: string[] | '*';
  since: number;
}

export interface BoardState {
  board: string;
  title?: string | null;
  description?: string | null;
  lines: LineState[];
  locks: LockInfo[];
}

export type PresenceState = 'online' | 'suspect' | 'offline';

export interface PresenceConnection {
  id: string;
  remote: string;
  transport: 'ws' | 'sse' | 'http';
  since: number;
  rttMs: number | null;
}

export interface PresenceUser {
  name: string;
  state: PresenceState;
  lastSeen: number;
  connections: PresenceConnection[];
}

export interface Presence {
  users: PresenceUser[];
}

export interface ChatMessage {
  id: number;
  at: number;
  user: string;
  text: string;
}

export interface Me {
  user: string;
  role: Role;
  sessionId: string;
  connectionId: string;
}

export interface ActivityItem {
  id: string;
  at: number;
  kind: 'operation' | 'lock' | 'presence' | 'failsafe' | 'detection';
  who: string;
  text: string;
  from?: string;
  /** Items of one happening (a user dropping: presence, lock released, failsafe) share a group. */
  group?: string;
  /** How this item reads when merged into its group's line; '' folds it in silently. */
  part?: string;
  /** Which item of a group leads its line: the highest weight (a drop over a wobble). */
  weight?: number;
  /** When this item leads its group, the whole group is left out of the feed. */
  quiet?: boolean;
  /** How far apart (ms) this item's group may be and still be one line; default mergeWindowMs. */
  window?: number;
}

export interface AuditRecord {
  id: number;
  user: string;
  sessionId: string;
  remote: string;
  action: string;
  line: string | null;
  oldValue: number | null;
  newValue: number | null;
  result: string;
  error: string | null;
  requestedAt: number;
  completedAt: number;
  detail?: Record<string, unknown> | null;
}

/** Every message the server pushes on /ws (and on /api/events). */
export type ServerEvent =
  | {
      type: 'hello';
      at: number;
      you: Me;
      state: BoardState;
      presence: Presence;
      chat: ChatMessage[];
      /** The same socket, after events were skipped while it drained: a full snapshot again. */
      resync?: boolean;
    }
  | { type: 'state'; at: number; line: LineState }
  | { type: 'lock'; at: number; lockEvent: string; lock: LockInfo; by?: { user: string }; locks: LockInfo[] }
  /** A delta: the changed user's entry now (`user`), or the RTTs that moved (`rtt`, by connection id). */
  | {
      type: 'presence';
      at: number;
      change: PresenceChange;
      user?: PresenceUser | null;
      rtt?: Record<string, number>;
    }
  | { type: 'operation'; at: number; operation: OperationEvent }
  | { type: 'chat'; at: number; message: ChatMessage }
  | {
      type: 'failsafe';
      at: number;
      report: { line: string; user: string; result: string; safeValue?: LineValue };
    }
  | { type: 'detection'; at: number; user: string; state: string; cause: string; remote: string }
  | { type: 'pong'; at: number; t?: number }
  | { type: 'ack'; at: number; id?: string; result?: unknown }
  | { type: 'error'; at: number; id?: string; error: { code: string; message: string } };

/** The presence module's event; only `userState` changes are shown in the feed. */
export interface PresenceChange {
  type: string;
  user?: string;
  state?: string;
  previous?: string;
  cause?: string;
  by?: string;
  transport?: string;
  connections?: { id: string; transport: string; state: string }[];
}

export interface OperationEvent {
  id: string;
  line: string;
  value: LineValue;
  /** pending -> confirmed | failed | unknown; unknown -> confirmed | failed (then `late`). */
  status: 'pending' | 'confirmed' | 'failed' | 'unknown';
  actor: { user: string; role?: string };
  remote?: string;
  requestedAt: number;
  completedAt?: number;
  error?: { code: string; message: string };
  timedOutAt?: number;
  late?: boolean;
  readBack?: LineValue;
}

/** `connecting`: nothing heard yet; `reconnecting`: cut off, what is shown is the last known. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';
