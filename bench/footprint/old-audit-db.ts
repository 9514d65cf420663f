import { join } from 'node:path';
import Database from 'better-sqlite3';

// An audit.db as the release before this one made it: 4 KB pages (SQLite's default) and
// AUTOINCREMENT. An existing file keeps both (page_size cannot change in WAL mode, and the
// schema is CREATE TABLE IF NOT EXISTS), so this is what an upgraded board writes with.
export function createOldAuditDb(dataDir: string): void {
  const db = new Database(join(dataDir, 'audit.db'));
  db.pragma('page_size = 4096');
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, session_id TEXT NOT NULL,
    remote TEXT NOT NULL, action TEXT NOT NULL, line TEXT, old_value INTEGER, new_value INTEGER,
    result TEXT NOT NULL, error TEXT, requested_at INTEGER NOT NULL, completed_at INTEGER NOT NULL,
    detail TEXT);
  CREATE INDEX audit_requested_at ON audit (requested_at);
  CREATE INDEX audit_user ON audit (user, requested_at);
  CREATE INDEX audit_line ON audit (line, requested_at);`);
  db.close();
}
