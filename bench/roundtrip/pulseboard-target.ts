// The real server, in-process on 127.0.0.1:0: sim board with 0 ms actuation latency, a temp data
// dir (audit log on disk, as in production), N operator users, and N authenticated /ws clients.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { digestAuthorization, openUserStore, pickChallenge } from '@pulseboard/core/auth/index';
import { createServer, type PulseboardServer } from '@pulseboard/server/server';
import { Audience } from './audience.js';
import { BenchHttpClient, type Credentials } from './http-client.js';

export interface PulseboardTarget {
  server: PulseboardServer;
  url: string;
  users: Credentials[];
  dataDir: string;
  /** Log lines at warn or above, read back from the server's log file. */
  warnings(): { level: number; msg: string }[];
  /** Every log line (for a failed run). */
  logLines(): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface TargetOptions {
  users: number;
  /** Parent of the temp dir (the audit log's fsyncs land on this file system). */
  tmpRoot?: string;
}

export async function startPulseboard(o: TargetOptions): Promise<PulseboardTarget> {
  const root = mkdtempSync(join(o.tmpRoot ?? tmpdir(), 'pb-bench-rt-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  const store = openUserStore({ dataDir });
  const users: Credentials[] = [];
  for (let i = 1; i <= o.users; i++) {
    const c = { user: `bench${String(i).padStart(2, '0')}`, password: randomBytes(12).toString('base64url') };
    await store.add(c.user, c.password, 'operator');
    users.push(c);
  }
  // The server's own JSON lines (as on stdout in production), kept out of the table's way.
  const logger = pino(
    { level: 'info', base: { app: 'pulseboard' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: logFile, sync: true }),
  );
  const server = await createServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    board: 'sim',
    simLatencyMs: 0,
    maxUsers: o.users,
    logger,
    panelDir: join(root, 'no-panel'),
    // Back-to-back operations from one socket would trip the per-connection flood guard
    // (20/s, burst 40); the bucket is still consulted on every message.
    wsRate: { perSec: 1_000_000, burst: 1_000_000 },
    // Likewise the per-user operation rate (10/s by default).
    operationRate: { perSec: 1_000_000, burst: 1_000_000 },
  });
  await server.listen();
  const logLines = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    server,
    url: server.url,
    users,
    dataDir,
    logLines,
    warnings: () => logLines().filter((l): l is { level: number; msg: string } => (l.level as number) >= 40),
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The upgrade's Authorization: a fresh Digest challenge per connection, as a browser gets. */
async function wsDigest(url: string, c: Credentials): Promise<string> {
  const http = new BenchHttpClient(url);
  try {
    const r = await http.raw('GET', '/ws');
    if (r.status !== 401) throw new Error(`expected 401 on /ws without credentials, got ${r.status}`);
    const challenge = pickChallenge(r.headers['www-authenticate'], 'SHA-256');
    return digestAuthorization({ challenge, ...c, method: 'GET', uri: '/ws' });
  } finally {
    http.close();
  }
}

export async function openPulseboardAudience(t: PulseboardTarget): Promise<Audience> {
  const wsUrl = t.url.replace(/^http/, 'ws') + '/ws';
  const entries = [];
  for (const u of t.users) entries.push({ url: wsUrl, headers: { Authorization: await wsDigest(t.url, u) } });
  return Audience.open(entries);
}
