// Test helper run as a child process: appends audit records as fast as it can and prints
// "ack <id>" after each append returns, until the parent kills it with SIGKILL.
import { openAuditStore } from './audit.js';

const path = process.argv[2];
if (!path) throw new Error('usage: audit-child.fixture.ts DB_PATH');
const store = openAuditStore(path);
for (let i = 0; ; i++) {
  const now = Date.now();
  const { id } = store.append({
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
  // A synchronous write, so the ack is on the pipe before the next record starts.
  process.stdout.write(`ack ${id}\n`);
  if (i % 50 === 49) await new Promise((r) => setImmediate(r));
}
