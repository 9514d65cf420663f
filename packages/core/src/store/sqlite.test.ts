import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './sqlite.js';

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
});
