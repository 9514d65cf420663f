import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

// better-sqlite3 (its addon and SQLite's code, ~5 MB of a small board's memory) is loaded by
// the first openDatabase(), not when this module is imported: a server opens its files on
// first use (lazy-database.ts), so a board nobody uses never loads it.
let sqlite: typeof Database | undefined;
const loadSqlite = () => (sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database);

/** The first 16 bytes of every SQLite 3 database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * When a commit returns: 'full' after the WAL is fsynced (survives power loss), 'normal' once
 * the kernel has it (survives a process crash or kill -9; a power cut may drop the last commits,
 * those not yet checkpointed or written back by the kernel, ~30 s; the file stays consistent).
 */
export type StorageSync = 'full' | 'normal';
export const STORAGE_SYNCS: readonly StorageSync[] = ['full', 'normal'];

/**
 * Opens (creating if needed) a SQLite database tuned for "an acknowledged write survives
 * kill -9 and power loss":
 * - journal_mode=WAL: a commit is one append to the -wal file instead of rewriting pages, so
 *   the fsync per commit stays cheap and readers never block the writer.
 * - synchronous=FULL: in WAL mode, NORMAL only fsyncs at checkpoints, so a commit that already
 *   returned can vanish on power loss; FULL fsyncs the WAL on every commit, before
 *   better-sqlite3's synchronous run() returns. That return (in the writer thread, see
 *   sqlite-writer.ts) is what resolves an append: our acknowledgement.
 *   (A kill -9 alone would not lose a WAL commit even with NORMAL, since the data is in the
 *   page cache; FULL is what makes the same promise hold when the board loses power.)
 *   `sync: 'normal'` trades that for no fsync per commit (see StorageSync and docs/board-install.md).
 * - page_size=1024 (new files only; an existing file keeps its size): every commit appends each
 *   page it touched to the WAL (an audit row touches the table and three indexes), so 1 KB pages
 *   write a quarter of the bytes of 4 KB ones on the SD card (bench/footprint).
 * - busy_timeout: a second process (the CLI reading the audit log) waits instead of failing.
 * - The file is the owner's only (0600, and its folder 0700 when created): who did what, from
 *   where, and what they said, is nobody else's business. SQLite gives its -wal and -shm files
 *   the database file's mode.
 */
export function openDatabase(path: string, { sync = 'full' }: { sync?: StorageSync } = {}): SqliteDatabase {
  if (path !== ':memory:') prepareDatabaseFile(path);
  const Sqlite = loadSqlite();
  const db = new Sqlite(path);
  db.pragma('page_size = 1024'); // must precede the first write (WAL mode writes the header)
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * What opening `path` needs, checked without SQLite: its folder (created 0700) writable for the
 * -wal and -shm files, the file (created 0600 if missing) readable and writable, an existing
 * file a SQLite database by its header, and its -wal/-shm files writable. A server calls this at
 * start for files it opens later, so a broken data dir still stops the start with the file's name.
 * Throws an Error naming the file; deeper damage (a corrupt page) shows at the first query.
 */
export function prepareDatabaseFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fail = (what: string, err?: unknown) =>
    new Error(`${path}: ${what}${err ? `: ${(err as Error).message}` : ''}`, { cause: err });
  try {
    accessSync(dirname(path), constants.W_OK | constants.X_OK);
    closeSync(openSync(path, 'a', 0o600));
    for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
  } catch (err) {
    throw fail('cannot be created or written', err);
  }
  let header: Buffer;
  try {
    header = Buffer.alloc(SQLITE_HEADER.length);
    const fd = openSync(path, 'r+');
    try {
      header = header.subarray(0, readSync(fd, header, 0, header.length, 0));
    } finally {
      closeSync(fd);
    }
    for (const file of [`${path}-wal`, `${path}-shm`]) if (existsSync(file)) closeSync(openSync(file, 'r+'));
  } catch (err) {
    throw fail('cannot be read and written', err);
  }
  // An empty file is a new database to SQLite; anything else must start with its header.
  if (header.length > 0 && !header.equals(SQLITE_HEADER)) {
    throw fail('is not a SQLite database (move it away or restore it from a backup)');
  }
}
