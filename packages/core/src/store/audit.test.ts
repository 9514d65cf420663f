import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openAuditStore, type AuditEntry } from './audit.js';
import { auditToCsv } from './csv.js';
import { openDatabase } from './sqlite.js';
import { openSqliteWriter } from './sqlite-writer.js';
import { killWriterMidStream } from './testing/kill-writer.js';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  user: 'alice',
  sessionId: 's1',
  remote: '10.0.0.1',
  action: 'operate',
  line: 'pump',
  oldValue: 0,
  newValue: 1,
  result: 'confirmed',
  requestedAt: 1_700_000_000_000,
  completedAt: 1_700_000_000_200,
  ...over,
});

describe('audit store', () => {
  it.each([':memory:', 'file'])('queries by user, line and time, newest first (%s)', async (kind) => {
    const store = openAuditStore(kind === 'file' ? tempDb() : kind);
    await store.append(entry({ user: 'alice', line: 'pump', requestedAt: 1000 }));
    await store.append(entry({ user: 'bob', line: 'pump', requestedAt: 2000 }));
    await store.append(entry({ user: 'alice', line: 'heater', requestedAt: 3000, detail: { why: 'test' } }));
    expect(store.query().map((r) => r.requestedAt)).toEqual([3000, 2000, 1000]);
    expect(store.query({ user: 'alice' }).map((r) => r.line)).toEqual(['heater', 'pump']);
    expect(store.query({ line: 'pump' }).map((r) => r.user)).toEqual(['bob', 'alice']);
    expect(store.query({ since: 2000 }).map((r) => r.user)).toEqual(['alice', 'bob']);
    expect(store.query({ since: new Date(2500).toISOString() })).toHaveLength(1);
    expect(store.query({ since: '2000', until: 2999 })).toHaveLength(1);
    expect(store.query({ limit: 1 })[0]?.detail).toEqual({ why: 'test' });
    expect(() => store.query({ since: 'yesterday' })).toThrow(
      new TypeError('audit filter: since must be epoch ms or an ISO-8601 date'),
    );
    await store.close();
  });

  it('opens its file at the first use; a file that is not a SQLite database fails at once', async () => {
    const path = tempDb();
    const store = openAuditStore(path);
    expect(statSync(path).size).toBe(0); // created (0600) and checked, not opened: no SQLite yet
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(store.query()).toEqual([]); // the first use opens it (WAL mode makes the -wal file)
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();

    const text = tempDb();
    writeFileSync(text, 'not a database, a note someone left here\n');
    expect(() => openAuditStore(text)).toThrow(`${text}: is not a SQLite database`);
    expect(() => openAuditStore(join(text, 'audit.db'))).toThrow(/EEXIST|ENOTDIR/); // a file as its folder
  });

  it('a file spoiled after start fails its first use with STORE_ERROR naming it, then works once fixed', async () => {
    const path = tempDb();
    const store = openAuditStore(path);
    writeFileSync(path, 'x'.repeat(200));
    const spoiled = { code: 'STORE_ERROR', message: `audit: ${path}: is not a SQLite database` };
    await expect(store.append(entry({}))).rejects.toMatchObject({
      ...spoiled,
      message: expect.stringContaining(spoiled.message),
    });
    expect(() => store.query()).toThrow(spoiled.message);
    writeFileSync(path, ''); // an empty file is a new database
    await store.append(entry({ user: 'after' }));
    expect(store.query().map((r) => r.user)).toEqual(['after']);
    await store.close();
    expect(() => store.query()).toThrow('audit: store is closed');
  });

  it('exports CSV with quoting and defused formulas', async () => {
    const store = openAuditStore(':memory:');
    await store.append(entry({ user: '=cmd|calc', remote: 'a,"b"', error: null }));
    const csv = auditToCsv(store.query());
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'id,requestedAt,completedAt,user,sessionId,remote,action,line,oldValue,newValue,result,error,detail',
    );
    expect(row).toBe(
      `1,2023-11-14T22:13:20.000Z,2023-11-14T22:13:20.200Z,'=cmd|calc,s1,"a,""b""",operate,pump,0,1,confirmed,,`,
    );
    await store.close();
  });

  // kill -9 cannot lose what already reached the kernel, so this catches acknowledging too
  // early (buffering, batching into a later transaction), not a missing fsync; power loss is
  // covered by synchronous=FULL (see sqlite.ts), which sqlite.test.ts checks is in force.
  // 'normal' (no fsync per commit) must keep the same promise for a crash of the process.
  it.each(['full', 'normal'])(
    'keeps every acknowledged record when the writer is killed with SIGKILL (sync %s)',
    async (sync) => {
      const dir = mkdtempSync(join(tmpdir(), 'pb-audit-kill-'));
      const db = join(dir, 'audit.db');
      const fixture = fileURLToPath(new URL('./audit-child.fixture.ts', import.meta.url));
      const { acked, signal } = await killWriterMidStream(fixture, db, 200, [sync]);
      expect(signal).toBe('SIGKILL');
      expect(acked.length).toBeGreaterThanOrEqual(200);
      const store = openAuditStore(db);
      const ids = new Set(store.query({ limit: 10_000 }).map((r) => r.id));
      const lost = acked.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
      await store.close();
    },
  );
});

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'pb-audit-w-')), 'audit.db');
}
const tick = () => new Promise<void>((r) => setTimeout(r, 5));

describe('audit store writer thread', () => {
  // The disk is made "slow" by another connection holding the write lock: the worker's commit
  // blocks (busy_timeout) for exactly as long as the test wants, with no timing guesswork.
  it('keeps the event loop running while a commit is blocked, then group-commits the queue', async () => {
    const path = tempDb();
    const store = openAuditStore(path);
    await store.append(entry({ requestedAt: 1 })); // worker up
    const blocker = openDatabase(path);
    blocker.exec('BEGIN IMMEDIATE');
    const settled: number[] = [];
    const appends = Array.from({ length: 50 }, (_, i) =>
      store.append(entry({ requestedAt: 100 + i })).then((r) => {
        settled.push(r.id);
        return r;
      }),
    );
    // The first of the 50 is stuck in its commit; the other 49 queue behind it. Timers tick.
    let ticks = 0;
    while (ticks < 20) {
      await tick();
      ticks++;
    }
    expect(ticks).toBe(20);
    expect(settled).toEqual([]); // nothing acknowledged while nothing is on disk
    blocker.exec('COMMIT');
    blocker.close();
    const records = await Promise.all(appends);
    expect(records.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(settled).toEqual(records.map((r) => r.id)); // acknowledged in order
    // warm-up, the blocked one, then the 49 that queued meanwhile in one transaction
    expect(store.stats).toEqual({ commits: 3, records: 51 });
    await store.close();
    const reopened = openAuditStore(path);
    expect(reopened.query({ limit: 100 })).toHaveLength(51);
    await reopened.close();
  });

  it('group-commits concurrent appends: fewer transactions than records, every record durable', async () => {
    const path = tempDb();
    const store = openAuditStore(path);
    const records = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.append(entry({ requestedAt: i }))),
    );
    expect(new Set(records.map((r) => r.id)).size).toBe(200);
    expect(store.stats.records).toBe(200);
    expect(store.stats.commits).toBeGreaterThanOrEqual(1);
    expect(store.stats.commits).toBeLessThan(200);
    await store.close();
    const check = openDatabase(path);
    expect(check.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 200 });
    check.close();
  });

  it('fails a bad record with STORE_ERROR and still commits the records beside it', async () => {
    const store = openAuditStore(tempDb());
    const bad = entry({ user: null as unknown as string }); // NOT NULL fails inside the worker
    const [a, b, c] = await Promise.allSettled([
      store.append(entry({ requestedAt: 1 })),
      store.append(bad),
      store.append(entry({ requestedAt: 3 })),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(c.status).toBe('fulfilled');
    expect(b).toMatchObject({
      status: 'rejected',
      reason: { name: 'PulseboardError', code: 'STORE_ERROR', status: 503 },
    });
    expect((b as PromiseRejectedResult).reason.message).toMatch(
      /^audit: write failed: NOT NULL constraint failed/,
    );
    expect(store.query().map((r) => r.requestedAt)).toEqual([3, 1]);
    await store.close();
  });

  it('rejects with STORE_ERROR instead of hanging when a commit does not finish in time', async () => {
    const path = tempDb();
    const store = openAuditStore(path, { timeoutMs: 250 });
    await store.ready(); // the timeout counts from append(), so let the thread start first
    await store.append(entry({}));
    const blocker = openDatabase(path);
    blocker.exec('BEGIN IMMEDIATE');
    await expect(store.append(entry({}))).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: 'audit: write not committed within 250 ms (slow or stuck disk)',
    });
    blocker.exec('ROLLBACK');
    blocker.close();
    // The writer recovers once the disk does: the late commit lands (it was never acknowledged,
    // so a caller could not count on it either way), then new appends go through again.
    while (store.stats.commits < 2) await tick();
    await expect(store.append(entry({ user: 'after' }))).resolves.toMatchObject({ user: 'after' });
    await store.close();
  });

  it('starts its writer thread with the first write only; an unused writer closes without one', async () => {
    const threads = () => readdirSync('/proc/self/task').length;
    const path = tempDb();
    openDatabase(path).exec('CREATE TABLE t (v INTEGER)');
    const before = threads();
    const writer = openSqliteWriter({ path, statements: { put: 'INSERT INTO t (v) VALUES (?)' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(writer.started).toBe(false);
    expect(threads()).toBe(before); // no isolate, no thread for a board nobody operates
    await expect(writer.write([{ stmt: 'put', params: [7] }])).resolves.toBe(1);
    expect(writer.started).toBe(true);
    expect(threads()).toBeGreaterThan(before);
    await writer.close();

    const unused = openSqliteWriter({ path, statements: { put: 'INSERT INTO t (v) VALUES (?)' } });
    await unused.close();
    expect(unused.started).toBe(false);
    await expect(unused.write([{ stmt: 'put', params: [8] }])).rejects.toMatchObject({ code: 'STORE_ERROR' });
    expect(openDatabase(path).prepare('SELECT v FROM t').all()).toEqual([{ v: 7 }]);
  });

  it('fails every write with STORE_ERROR when the writer thread cannot open the database', async () => {
    // /dev/null is not a directory, so the worker cannot create the database (even as root).
    const writer = openSqliteWriter(
      { path: '/dev/null/audit.db', statements: { x: 'SELECT 1' } },
      { label: 'audit' },
    );
    await expect(writer.ready()).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: expect.stringMatching(/^audit: cannot open the database: EEXIST/),
    });
    await expect(writer.write([{ stmt: 'x', params: [] }])).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await writer.close(); // no hang on a dead writer either
  });

  it('close() commits pending appends before the writer stops; later appends fail', async () => {
    const path = tempDb();
    const store = openAuditStore(path);
    const pending = Array.from({ length: 20 }, (_, i) => store.append(entry({ requestedAt: i })));
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(20);
    await expect(store.append(entry({}))).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: 'audit: store is closed',
    });
    const check = openDatabase(path);
    expect(check.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 20 });
    check.close();
  });
});
