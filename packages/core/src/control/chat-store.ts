import { lazyDatabase } from '../store/lazy-database.js';
import { openDatabase, type SqliteDatabase, type StorageSync } from '../store/sqlite.js';
import {
  inlineSqliteWriter,
  openSqliteWriter,
  type SqliteWriter,
  type SqliteWriterOptions,
} from '../store/sqlite-writer.js';
import type { ChatMessage } from './chat-message.js';

export type { ChatMessage };

export interface ChatStore {
  /**
   * Resolves once committed (WAL + synchronous=FULL, in the writer thread): the resolution is
   * the acknowledgement. Rejects with STORE_ERROR.
   */
  append(message: Omit<ChatMessage, 'id'>): Promise<ChatMessage>;
  /** The newest `limit` messages, oldest first. */
  recent(limit: number): ChatMessage[];
  readonly keep: number;
  /** Resolves once the writer is open (starting its thread if no message has yet). */
  ready(): Promise<void>;
  /** Commits pending messages, then closes (a shared database stays open). */
  close(): Promise<void>;
}

export interface ChatStoreOptions extends Pick<SqliteWriterOptions, 'timeoutMs' | 'maxBatch'> {
  /** Messages kept; older ones are deleted as new ones arrive. Default 200. */
  keep?: number;
  /** See StorageSync (default 'full'). */
  sync?: StorageSync;
}

const schema = `
CREATE TABLE IF NOT EXISTS chat_messages (
  id   INTEGER PRIMARY KEY AUTOINCREMENT,
  user TEXT    NOT NULL,
  text TEXT    NOT NULL,
  at   INTEGER NOT NULL
);`;

/**
 * Chat history in SQLite (a path such as DATA/chat.db, ':memory:', or an open database to
 * share). SQLite rather than a log file because the bounded history is a delete-by-id away and
 * the WAL gives crash safety with one fsync per message — see store/sqlite.ts.
 */
// AUTOINCREMENT ids never repeat or go back, so "older than the last `keep`" is an id range,
// computed from the row just inserted by the same record's first step.
const statements = {
  insert: 'INSERT INTO chat_messages (user, text, at) VALUES (?, ?, ?)',
  prune: 'DELETE FROM chat_messages WHERE id <= last_insert_rowid() - ?',
};

export function openChatStore(target: string | SqliteDatabase, options: ChatStoreOptions = {}): ChatStore {
  const { keep = 200, sync = 'full', ...writerOptions } = options;
  if (!Number.isSafeInteger(keep) || keep < 1) throw new TypeError('options.keep must be a positive integer');
  const newestFirst =
    'SELECT id, user, text, at FROM (SELECT * FROM chat_messages ORDER BY id DESC LIMIT ?) ORDER BY id';
  // A file: writes go to a worker thread (see store/sqlite-writer.ts) and this connection only
  // reads — WAL readers do not wait for the writer's fsync and see every acknowledged message.
  // Both open at the first use, not here (see store/lazy-database.ts).
  // ':memory:' or a shared open database: writes stay on this thread's connection, opened now.
  let reader: () => SqliteDatabase;
  let writer: SqliteWriter;
  let closeReader: () => void;
  if (typeof target === 'string' && target !== ':memory:') {
    const db = lazyDatabase(target, {
      sync,
      label: 'chat',
      setup(opened) {
        opened.exec(schema);
        opened.pragma('query_only = ON');
      },
    });
    writer = openSqliteWriter({ path: target, statements, sync }, { ...writerOptions, label: 'chat' });
    reader = () => db.get();
    closeReader = () => db.close();
  } else {
    const owned = typeof target === 'string';
    const db = owned ? openDatabase(target, { sync }) : target;
    db.exec(schema);
    writer = inlineSqliteWriter(db, statements, 'chat');
    reader = () => db;
    closeReader = () => {
      if (owned) db.close();
    };
  }
  let recent: ReturnType<SqliteDatabase['prepare']> | undefined;
  let closed: Promise<void> | undefined;

  return {
    keep,
    async ready() {
      reader();
      await writer.ready();
    },
    async append(m) {
      reader(); // the table exists before the first write
      const id = await writer.write([
        { stmt: 'insert', params: [m.user, m.text, m.at] },
        { stmt: 'prune', params: [keep] },
      ]);
      return { id, user: m.user, text: m.text, at: m.at };
    },
    recent(limit) {
      recent ??= reader().prepare(newestFirst);
      return recent.all(limit) as ChatMessage[];
    },
    close() {
      closed ??= writer.close().finally(closeReader);
      return closed;
    },
  };
}
