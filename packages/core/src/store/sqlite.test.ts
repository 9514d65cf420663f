import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, prepareDatabaseFile } from './sqlite.js';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('openDatabase', () => {
  it('creates the directory and opens in WAL mode with synchronous=FULL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-sqlite-'));
    const db = openDatabase(join(dir, 'nested', 'x.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    db.close();
  });

  it("gives a new file 1 KB pages, keeps an old file's page size, and commits without fsync when asked", () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-sqlite-'));
    const fresh = openDatabase(join(dir, 'new.db'), { sync: 'normal' });
    fresh.exec('CREATE TABLE t (x)');
    expect(fresh.pragma('page_size', { simple: true })).toBe(1024);
    expect(fresh.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
    fresh.close();
    const old = new Database(join(dir, 'old.db'));
    old.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    old.close();
    const reopened = openDatabase(join(dir, 'old.db'));
    expect(reopened.pragma('page_size', { simple: true })).toBe(4096);
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reopened.prepare('SELECT x FROM t').pluck().get()).toBe(1);
    reopened.close();
  });

  it('keeps the database and its WAL files 0600, even when they existed looser (issue 12 row 13)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-sqlite-'));
    const fresh = join(dir, 'data', 'audit.db');
    const db = openDatabase(fresh);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    expect(mode(join(dir, 'data'))).toBe(0o700);
    for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) expect(mode(f)).toBe(0o600);
    db.close();

    const old = join(dir, 'chat.db');
    writeFileSync(old, '');
    chmodSync(old, 0o644);
    openDatabase(old).close();
    expect(mode(old)).toBe(0o600);
  });

  it('checks, without SQLite, what opening needs: a database file or an empty one, read- and writable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-sqlite-'));
    const db = openDatabase(join(dir, 'ok.db'));
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => prepareDatabaseFile(join(dir, 'ok.db'))).not.toThrow();
    expect(() => prepareDatabaseFile(join(dir, 'new.db'))).not.toThrow();
    expect(statSync(join(dir, 'new.db')).size).toBe(0);
    writeFileSync(join(dir, 'short.db'), 'SQLite');
    expect(() => prepareDatabaseFile(join(dir, 'short.db'))).toThrow(
      `${join(dir, 'short.db')}: is not a SQLite database`,
    );
    mkdirSync(join(dir, 'folder.db'));
    expect(() => prepareDatabaseFile(join(dir, 'folder.db'))).toThrow(
      `${join(dir, 'folder.db')}: cannot be created or written: EISDIR`,
    );
    // SQLite agrees about such a file (the check refuses nothing SQLite would open).
    const raw = new Database(join(dir, 'short.db'));
    expect(() => raw.pragma('journal_mode = WAL')).toThrow('file is not a database');
    raw.close();
  });
});
