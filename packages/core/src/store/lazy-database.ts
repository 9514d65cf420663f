import { PulseboardError } from '../errors.js';
import { openDatabase, prepareDatabaseFile, type SqliteDatabase, type StorageSync } from './sqlite.js';

// A store's own connection to its file, opened at its first use rather than at start: loading
// SQLite costs a small board ~5 MB of resident memory, and a board nobody connects to never
// needs it. What would make that first open fail (folder or file not writable, not a SQLite
// file) is checked at construction without SQLite, so a broken data dir still stops the start.

export interface LazyDatabase {
  /** The open connection, opening it (and running `setup`) on the first call. Throws STORE_ERROR. */
  get(): SqliteDatabase;
  /** Closes the connection if it was opened; later get() calls throw STORE_ERROR. */
  close(): void;
}

export function lazyDatabase(
  path: string,
  options: { sync: StorageSync; label: string; setup: (db: SqliteDatabase) => void },
): LazyDatabase {
  prepareDatabaseFile(path); // throws, naming the file: the start fails here
  let db: SqliteDatabase | undefined;
  let closed = false;
  return {
    get() {
      if (closed) throw new PulseboardError('STORE_ERROR', `${options.label}: store is closed`);
      if (db) return db;
      let opening: SqliteDatabase | undefined;
      try {
        opening = openDatabase(path, { sync: options.sync });
        options.setup(opening);
      } catch (err) {
        opening?.close();
        // Not cached: the next use tries again (the disk may have been fixed meanwhile).
        const why = (err as Error).message;
        throw new PulseboardError(
          'STORE_ERROR',
          `${options.label}: ${why.startsWith(path) ? why : `${path}: ${why}`}`,
        );
      }
      db = opening;
      return db;
    },
    close() {
      closed = true;
      db?.close();
    },
  };
}
