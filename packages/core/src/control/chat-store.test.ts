import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/sqlite.js';
import { openChatStore } from './chat-store.js';
import { killWriterMidStream } from '../store/testing/kill-writer.js';

describe('chat store', () => {
  it('keeps only the newest `keep` messages, returned oldest first', async () => {
    const store = openChatStore(':memory:', { keep: 3 });
    for (let i = 1; i <= 5; i++) await store.append({ user: 'a', text: `m${i}`, at: i });
    expect(store.recent(10).map((m) => m.text)).toEqual(['m3', 'm4', 'm5']);
    expect(store.recent(2)).toEqual([
      { id: 4, user: 'a', text: 'm4', at: 4 },
      { id: 5, user: 'a', text: 'm5', at: 5 },
    ]);
    await store.close();
  });

  it('survives a restart (reopen the file) and keeps numbering after the last id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-chat-'));
    try {
      const file = join(dir, 'data', 'chat.db');
      const first = openChatStore(file);
      await first.append({ user: 'a', text: '<b>hi</b>\nthere', at: 1 });
      await first.close();
      const again = openChatStore(file);
      expect(again.recent(10)).toEqual([{ id: 1, user: 'a', text: '<b>hi</b>\nthere', at: 1 }]);
      expect((await again.append({ user: 'b', text: 'x', at: 2 })).id).toBe(2);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens its file at the first use; a file that is not a SQLite database fails at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-chat-lazy-'));
    const store = openChatStore(join(dir, 'chat.db'));
    expect(existsSync(join(dir, 'chat.db-wal'))).toBe(false); // not opened: no SQLite yet
    expect(store.recent(5)).toEqual([]);
    expect(existsSync(join(dir, 'chat.db-wal'))).toBe(true);
    await store.append({ user: 'ann', text: 'hi', at: 1 });
    expect(store.recent(5)).toMatchObject([{ user: 'ann', text: 'hi' }]);
    await store.close();
    writeFileSync(join(dir, 'notes.db'), 'GIF89a');
    expect(() => openChatStore(join(dir, 'notes.db'))).toThrow(
      `${join(dir, 'notes.db')}: is not a SQLite database`,
    );
  });

  it('can share an open database (closing the store leaves it open)', async () => {
    const db = openDatabase(':memory:');
    const store = openChatStore(db);
    await store.append({ user: 'a', text: 'x', at: 1 });
    await store.close();
    expect(db.prepare('SELECT count(*) AS n FROM chat_messages').get()).toEqual({ n: 1 });
    db.close();
  });

  it('validates options', () => {
    expect(() => openChatStore(':memory:', { keep: 0 })).toThrow(
      new TypeError('options.keep must be a positive integer'),
    );
  });

  // kill -9 cannot lose what already reached the kernel, so this catches acknowledging before
  // the commit (buffering, batching); power loss is covered by synchronous=FULL in store/sqlite.ts.
  it('keeps every acknowledged message when the writer is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-chat-kill-'));
    const db = join(dir, 'chat.db');
    const fixture = fileURLToPath(new URL('./chat-child.fixture.ts', import.meta.url));
    const { acked, signal } = await killWriterMidStream(fixture, db);
    expect(signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(200);
    const store = openChatStore(db, { keep: 100_000 });
    const ids = new Set(store.recent(100_000).map((m) => m.id));
    expect(acked.filter((id) => !ids.has(id))).toEqual([]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
