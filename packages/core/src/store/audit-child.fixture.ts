// Test helper run as a child process: appends audit records as fast as it can and prints
// "ack <id>" after each append resolves (its commit is acknowledged), until the parent kills it
// with SIGKILL. Several appends are in flight at once, so they share group commits: an ack
// printed before its batch committed would show up as a lost record.
import { openAuditStore } from './audit.js';
import type { StorageSync } from './sqlite.js';

const path = process.argv[2];
if (!path) throw new Error('usage: audit-child.fixture.ts DB_PATH [full|normal]');
const store = openAuditStore(path, { sync: (process.argv[3] ?? 'full') as StorageSync });
const inFlight = 8;
let seq = 0;
async function appender(): Promise<void> {
  for (;;) {
    const i = seq++;
    const now = Date.now();
    const { id } = await store.append({
      user: 'child',
      sessionId: `s${process.pid}`,
      remote: '127.0.0.1',
      action: 'operate',
      line: 'pump',
      oldValue: i % 2,
      newValue: (i + 1) % 2,
      result: 'confirmed',
      requestedAt: now,
      completedAt: now,
      detail: { seq: i },
    });
    process.stdout.write(`ack ${id}\n`);
  }
}
await Promise.all(Array.from({ length: inFlight }, appender));
