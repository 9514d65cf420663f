import { lazyDatabase } from './lazy-database.js';
import { openDatabase, type SqliteDatabase, type StorageSync } from './sqlite.js';
import {
  inlineSqliteWriter,
  openSqliteWriter,
  type SqliteWriter,
  type SqliteWriterOptions,
} from './sqlite-writer.js';
import type { AuditAction, AuditEntry, AuditRecord, AuditResult } from './audit-record.js';

export type { AuditAction, AuditEntry, AuditRecord, AuditResult };

// The operation log: every operation (and every refusal) with who, from where, on which line,
// old -> new value, the result and when. Appends are durable when their promise resolves; the
// commit (and its fsync) runs in a worker thread, see sqlite-writer.ts.

export interface AuditFilter {
  user?: string;
  line?: string;
  /** Epoch ms or ISO-8601; compared with requestedAt. */
  since?: number | string;
  until?: number | string;
  result?: AuditResult;
  limit?: number;
  /** Rows to skip (newest first), for paging. */
  offset?: number;
}

export interface AuditStore {
  /**
   * Resolves once the record is committed (WAL fsynced, synchronous=FULL; with `sync: 'normal'`
   * handed to the kernel, which a process crash cannot lose): the resolution is the
   * acknowledgement. Appends that arrive during a commit share the next one (group commit).
   * Rejects with STORE_ERROR (write failed, writer gone, or not committed within the timeout).
   */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Newest first. Sees every append that has resolved. */
  query(filter?: AuditFilter): AuditRecord[];
  /** Commits pending appends, then stops the writer and closes the database. */
  close(): Promise<void>;
  /** Resolves once the writer thread has the database open (rejects with STORE_ERROR if it cannot). */
  ready(): Promise<void>;
  /** Transactions and records committed by this store (group commit: commits <= records). */
  readonly stats: { commits: number; records: number };
}

export interface AuditStoreOptions extends Pick<SqliteWriterOptions, 'timeoutMs' | 'maxBatch'> {
  /** 'full' (default): acknowledged rows survive power loss; 'normal': a process crash only. */
  sync?: StorageSync;
}

// No AUTOINCREMENT (files made before keep theirs): rows are never deleted, so the rowid is
// max + 1 and never repeats anyway, and AUTOINCREMENT writes its sqlite_sequence page on every
// commit — a fifth of an audit row's bytes on the SD card.
const schema = `
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
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

const statements = {
  insert: `INSERT INTO audit
    (user, session_id, remote, action, line, old_value, new_value, result, error, requested_at, completed_at, detail)
    VALUES (@user, @sessionId, @remote, @action, @line, @oldValue, @newValue, @result, @error, @requestedAt, @completedAt, @detail)`,
};

/**
 * `path` is a file (created with its directory) or ':memory:'.
 *
 * A file gets two connections: this thread's, which creates the schema and then serves
 * query() (reads stay synchronous, so the API and its callers keep their shape; in WAL mode a
 * reader never waits for the writer's fsync, and sees every commit that has been acknowledged),
 * and the worker's, which does every write. Both open at the first use (append, query or
 * ready), not here: see lazy-database.ts; what would make that open fail is checked here.
 * ':memory:' cannot be shared with a thread and has no fsync to move, so it opens now and
 * writes on this thread.
 */
export function openAuditStore(path: string, options: AuditStoreOptions = {}): AuditStore {
  const { sync = 'full', ...writerOptions } = options;
  let reader: () => SqliteDatabase;
  let writer: SqliteWriter;
  let closeReader: () => void;
  if (path === ':memory:') {
    const db = openDatabase(path, { sync });
    db.exec(schema);
    writer = inlineSqliteWriter(db, statements, 'audit');
    reader = () => db;
    closeReader = () => db.close();
  } else {
    const db = lazyDatabase(path, {
      sync,
      label: 'audit',
      setup(opened) {
        opened.exec(schema); // before the writer's thread prepares its statements
        opened.pragma('query_only = ON'); // this connection only reads; the worker writes
      },
    });
    writer = openSqliteWriter({ path, statements, sync }, { ...writerOptions, label: 'audit' });
    reader = () => db.get();
    closeReader = () => db.close();
  }
  let closed: Promise<void> | undefined;
  return {
    stats: writer.stats,
    async ready() {
      reader();
      await writer.ready();
    },
    async append(entry) {
      const record = { ...entry, error: entry.error ?? null, detail: entry.detail ?? null };
      reader(); // the schema exists before the first write
      const id = await writer.write([
        {
          stmt: 'insert',
          params: { ...record, detail: record.detail ? JSON.stringify(record.detail) : null },
        },
      ]);
      return { ...record, id };
    },
    query(filter = {}) {
      return select(reader(), filter);
    },
    close() {
      closed ??= writer.close().finally(closeReader);
      return closed;
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
  if (filter.result !== undefined) {
    where.push('result = @result');
    params.result = filter.result;
  }
  const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 1000)), maxLimit);
  const offset = Math.max(0, Math.floor(filter.offset ?? 0));
  const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY requested_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`;
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
