import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openAuditStore, type AuditEntry } from './audit.js';
import { auditToCsv } from './csv.js';

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
  it('queries by user, line and time, newest first', () => {
    const store = openAuditStore(':memory:');
    store.append(entry({ user: 'alice', line: 'pump', requestedAt: 1000 }));
    store.append(entry({ user: 'bob', line: 'pump', requestedAt: 2000 }));
    store.append(entry({ user: 'alice', line: 'heater', requestedAt: 3000, detail: { why: 'test' } }));
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
    store.close();
  });

  it('exports CSV with quoting and defused formulas', () => {
    const store = openAuditStore(':memory:');
    store.append(entry({ user: '=cmd|calc', remote: 'a,"b"', error: null }));
    const csv = auditToCsv(store.query());
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'id,requestedAt,completedAt,user,sessionId,remote,action,line,oldValue,newValue,result,error,detail',
    );
    expect(row).toBe(
      `1,2023-11-14T22:13:20.000Z,2023-11-14T22:13:20.200Z,'=cmd|calc,s1,"a,""b""",operate,pump,0,1,confirmed,,`,
    );
    store.close();
  });

  // kill -9 cannot lose what already reached the kernel, so this catches acknowledging too
  // early (buffering, batching into a later transaction), not a missing fsync; power loss is
  // covered by synchronous=FULL (see sqlite.ts), which sqlite.test.ts checks is in force.
  it('keeps every acknowledged record when the writer is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-audit-kill-'));
    const db = join(dir, 'audit.db');
    const fixture = fileURLToPath(new URL('./audit-child.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, db], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: number[] = [];
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const l of lines) if (l.startsWith('ack ')) acked.push(Number(l.slice(4)));
        // Kill mid-stream, while the child is writing as fast as it can.
        if (acked.length >= 200 && !child.killed) child.kill('SIGKILL');
      });
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(200);
    const store = openAuditStore(db);
    const ids = new Set(store.query({ limit: 10_000 }).map((r) => r.id));
    const lost = acked.filter((id) => !ids.has(id));
    expect(lost).toEqual([]);
    store.close();
  });
});
