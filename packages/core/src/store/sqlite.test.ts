import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './sqlite.js';

describe('openDatabase', () => {
  it('creates the directory and opens in WAL mode with synchronous=FULL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-sqlite-'));
    const db = openDatabase(join(dir, 'nested', 'x.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    db.close();
  });
});
