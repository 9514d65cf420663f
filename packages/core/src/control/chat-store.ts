import { openDatabase, type SqliteDatabase } from '../store/sqlite.js';

export interface ChatMessage {
  id: number;
  user: string;
  /** Plain text exactly as posted; clients must render it as text, never as HTML. */
  text: string;
  /** Epoch ms. */
  at: number;
}

export interface ChatStore {
  /** Durable when it returns (WAL + synchronous=FULL): the return is the acknowledgement. */
  append(message: Omit<ChatMessage, 'id'>): ChatMessage;
  /** The newest `limit` messages, oldest first. */
  recent(limit: number): ChatMessage[];
  readonly keep: number;
  close(): void;
}

export interface ChatStoreOptions {
  /** Messages kept; older ones are deleted as new ones arrive. Default 200. */
  keep?: number;
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
export function openChatStore(target: string | SqliteDatabase, options: ChatStoreOptions = {}): ChatStore {
  const { keep = 200 } = options;
  if (!Number.isSafeInteger(keep) || keep < 1) throw new TypeError('options.keep must be a positive integer');
  const owned = typeof target === 'string';
  const db = owned ? openDatabase(target) : target;
  db.exec(schema);
  const insert = db.prepare('INSERT INTO chat_messages (user, text, at) VALUES (?, ?, ?)');
  // AUTOINCREMENT ids never repeat or go back, so "older than the last `keep`" is an id range.
  const prune = db.prepare('DELETE FROM chat_messages WHERE id <= ?');
  const recent = db.prepare(
    'SELECT id, user, text, at FROM (SELECT * FROM chat_messages ORDER BY id DESC LIMIT ?) ORDER BY id',
  );
  const append = db.transaction((m: Omit<ChatMessage, 'id'>): ChatMessage => {
    const id = Number(insert.run(m.user, m.text, m.at).lastInsertRowid);
    prune.run(id - keep);
    return { id, user: m.user, text: m.text, at: m.at };
  });

  return {
    keep,
    append: (m) => append(m),
    recent: (limit) => recent.all(limit) as ChatMessage[],
    close: () => {
      if (owned) db.close();
    },
  };
}
