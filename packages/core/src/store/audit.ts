import { openDatabase, type SqliteDatabase } from './sqlite.js';

// The operation log: every operation (and every refusal) with who, from where, on which line,
// old -> new value, the result and when. Appends are synchronous and durable on return.

export type AuditAction = 'operate' | 'pulse' | 'failsafe' | 'all-safe' | 'lock' | 'unlock' | 'takeover';
export type AuditResult = 'confirmed' | 'failed' | 'denied' | 'ok';

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

export interface AuditFilter {
  user?: string;
  line?: string;
  /** Epoch ms or ISO-8601; compared with requestedAt. */
  since?: number | string;
  until?: number | string;
  limit?: number;
}

export interface AuditStore {
  /** Appends durably (WAL fsynced) before returning; the returned id is the acknowledgement. */
  append(entry: AuditEntry): AuditRecord;
  /** Newest first. */
  query(filter?: AuditFilter): AuditRecord[];
  close(): void;
}

const schema = `
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user TEXT NOT NULL,
  session_id TEXT NOT NULL,
  remote TEXT NOT NULL,
  action TEXT NOT NULL,
  line TEXT,
  old_value INTEGER,
  new_value INTEGER,
  result TEXT NOT NULL,
  error TEXT,
  requested_at INTEGER NOT NULL,
  completed_at INTEGER NOT NULL,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_requested_at ON audit (requested_at);
CREATE INDEX IF NOT EXISTS audit_user ON audit (user, requested_at);
CREATE INDEX IF NOT EXISTS audit_line ON audit (line, requested_at);
`;

interface Row {
  id: number;
  user: string;
  session_id: string;
  remote: string;
  action: AuditAction;
  line: string | null;
  old_value: number | null;
  new_value: number | null;
  result: AuditResult;
  error: string | null;
  requested_at: number;
  completed_at: number;
  detail: string | null;
}

const maxLimit = 10_000;

/** `path` is a file (created with its directory) or ':memory:'. */
export function openAuditStore(path: string): AuditStore {
  const db = openDatabase(path);
  db.exec(schema);
  const insert = db.prepare(`INSERT INTO audit
    (user, session_id, remote, action, line, old_value, new_value, result, error, requested_at, completed_at, detail)
    VALUES (@user, @sessionId, @remote, @action, @line, @oldValue, @newValue, @result, @error, @requestedAt, @completedAt, @detail)`);
  return {
    append(entry) {
      const record = { error: null, detail: null, ...entry };
      const info = insert.run({ ...record, detail: record.detail ? JSON.stringify(record.detail) : null });
      return {
        ...record,
        error: record.error ?? null,
        detail: record.detail ?? null,
        id: Number(info.lastInsertRowid),
      };
    },
    query(filter = {}) {
      return select(db, filter);
    },
    close() {
      db.close();
    },
  };
}

function select(db: SqliteDatabase, filter: AuditFilter): AuditRecord[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.user !== undefined) {
    where.push('user = @user');
    params.user = filter.user;
  }
  if (filter.line !== undefined) {
    where.push('line = @line');
    params.line = filter.line;
  }
  if (filter.since !== undefined) {
    where.push('requested_at >= @since');
    params.since = toEpochMs(filter.since, 'since');
  }
  if (filter.until !== undefined) {
    where.push('requested_at <= @until');
    params.until = toEpochMs(filter.until, 'until');
  }
  const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 1000)), maxLimit);
  const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY requested_at DESC, id DESC LIMIT ${limit}`;
  return (db.prepare(sql).all(params) as Row[]).map(fromRow);
}

function fromRow(row: Row): AuditRecord {
  return {
    id: row.id,
    user: row.user,
    sessionId: row.session_id,
    remote: row.remote,
    action: row.action,
    line: row.line,
    oldValue: row.old_value,
    newValue: row.new_value,
    result: row.result,
    error: row.error,
    requestedAt: row.requested_at,
    completedAt: row.completed_at,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  };
}

function toEpochMs(value: number | string, name: string): number {
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new TypeError(`audit filter: ${name} must be epoch ms or an ISO-8601 date`);
  return ms;
}
