// (Over 400 lines for a reason: one run's steps and the table they fill are read together.)
// npm run bench:footprint [-- --quick] [--no-vm]
// What Pulseboard costs a small board, beside a bare `node` and a bare `ws` server in the same
// run (issue 11 targets in brackets):
//   RSS 5 s after start (<= 60 MB), start to first 401 (<= 1.5 s),
//   CPU with 10 idle users (<= 1 % of a core) and with 200 idle connections (<= 3 %),
//   bytes written to storage per idle hour (0) and per 1,000 operations (SD-card wear),
//   and the server in the test VM with 512 MB of RAM.
// The server runs as deploy/pulseboard.service runs it (its node flags), on the sim board
// with its data dir on disk. Idle clients behave like open panels (see clients.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openUserStore } from '@pulseboard/core/auth/index';
import { freePort } from '@pulseboard/vm';
import { renderTable } from '../roundtrip/table.js';
import { openIdleClients, type IdleClients } from './clients.js';
import { openIdleCrowd } from './crowd.js';
import { cpuPercent, rssMb, writeBytes } from './proc.js';
import { createOldAuditDb } from './old-audit-db.js';
import { vmFootprint, type VmFootprint } from './vm-row.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'window-s': { type: 'string' },
    ops: { type: 'string', default: '1000' },
    'no-vm': { type: 'boolean', default: false },
    data: { type: 'string', default: '/var/tmp' },
    'server-log': { type: 'string' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results') },
  },
});
const root = fileURLToPath(new URL('../../', import.meta.url));
const windowMs = Number(args['window-s'] ?? (args.quick ? 10 : 30)) * 1000;
const ops = Number(args.ops);
/**
 * Before an idle window: the connections' start-up (authentication, optimizing compiles, the
 * GCs that follow) is over, so the window measures idling, not arriving (~0.1–0.3 s of CPU).
 */
const settleMs = 15_000;
const rssAtMs = 5000;
const crowd = 200;
const users = 10;
/** Client processes for the crowd (200 panels are 200 browsers, not one event loop). */
const crowdProcesses = 4;
const bin = join(root, 'apps/server/bin/pulseboard.js');

const unitText = () => readFileSync(join(root, 'deploy/pulseboard.service'), 'utf8').replace(/\\\n\s*/g, ' ');

/** The node flags deploy/pulseboard.service starts the server with: the bench runs what ships. */
function serviceNodeFlags(): string[] {
  const exec = /^ExecStart=(.*)$/m.exec(unitText())?.[1]?.trim().split(/\s+/) ?? [];
  return exec.slice(
    1,
    exec.findIndex((t) => t.endsWith('pulseboard.js')),
  );
}

/** Its Environment= settings (NAME=value, space-separated), which the server runs with too. */
function serviceEnvironment(): Record<string, string> {
  const pairs = [...unitText().matchAll(/^Environment=(.*)$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/));
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
}

interface Row {
  startMs?: number;
  rssMb?: number;
  cpu10?: number;
  cpu200?: number;
  rss200Mb?: number;
  /** Idle clients the server ended during the idle windows (late pongs on a loaded machine). */
  droppedIdle?: number;
  /** Why they ended: "close-code reason" → count. */
  droppedWhy?: Record<string, number>;
  /** Crowd clients whose upgrade the server refused (e.g. 408: it did not read the request in time). */
  refusedIdle?: number;
  /** Messages per second the 200 clients received, and the worst event-loop delay of a crowd process. */
  clientMsgPerS?: number;
  clientLagMaxMs?: number;
  idleBytesPerHour?: number;
  idleLogBytesPerHour?: number;
  opsBytesPer1000?: number;
  opsLogBytesPer1000?: number;
}

function firstResponse(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(1000, () => req.destroy());
  });
}

async function started(child: ChildProcess, port: number, t0: number, want: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before answering`);
    if ((await firstResponse(port, '/api/state')) === want) return performance.now() - t0;
    if (performance.now() - t0 > 60_000) throw new Error('no answer within 60 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function measureNode(): Promise<Row> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  await sleepUntil(t0 + rssAtMs);
  const row = { rssMb: rssMb(child.pid!) };
  await stop(child);
  return row;
}

/** The idle part, the same for the bare server and ours. */
async function measureIdle(
  pid: number,
  wsUrl: string,
  auth: (i: number) => Record<string, string>,
  row: Row,
  logBytes: () => number,
): Promise<IdleClients> {
  const say = (what: string) => process.stderr.write(`  ${what}\n`);
  say(`${users} idle clients`);
  const ten = await openIdleClients(wsUrl, auth, users);
  await new Promise((r) => setTimeout(r, settleMs));
  const w0 = writeBytes(pid);
  const l0 = logBytes();
  row.cpu10 = await cpuPercent(pid, windowMs);
  row.idleBytesPerHour = ((writeBytes(pid) - w0) * 3_600_000) / windowMs;
  row.idleLogBytesPerHour = ((logBytes() - l0) * 3_600_000) / windowMs;
  say(`${crowd} idle connections (${crowd - users} of them from ${crowdProcesses} processes)`);
  const rest = await openIdleCrowd(
    wsUrl,
    Array.from({ length: crowd - users }, (_, k) => auth(users + k)),
    users,
    crowdProcesses,
  );
  await new Promise((r) => setTimeout(r, settleMs));
  const m0 = ten.received + (await rest.report()).received;
  row.cpu200 = await cpuPercent(pid, windowMs);
  row.rss200Mb = rssMb(pid);
  const after = await rest.report();
  row.clientMsgPerS = ((ten.received + after.received - m0) * 1000) / windowMs;
  row.clientLagMaxMs = after.lagMaxMs;
  row.droppedIdle = ten.closed + after.closed;
  row.refusedIdle = Object.entries(after.endings)
    .filter(([why]) => why.startsWith('refused'))
    .reduce((sum, [, n]) => sum + n, 0);
  row.droppedWhy = { ...after.endings };
  for (const [why, n] of ten.endings) row.droppedWhy[why] = (row.droppedWhy[why] ?? 0) + n;
  await rest.close();
  return ten;
}

async function measureBareWs(): Promise<Row> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(import.meta.dirname, 'bare-ws-server.mjs'), String(port)], {
    stdio: 'ignore',
  });
  const row: Row = { startMs: await started(child, port, t0, 401) };
  await sleepUntil(t0 + rssAtMs);
  row.rssMb = rssMb(child.pid!);
  const clients = await measureIdle(
    child.pid!,
    `ws://127.0.0.1:${port}/ws`,
    () => ({}),
    row,
    () => 0,
  );
  row.idleBytesPerHour = 0; // it has no storage; writeBytes was measured anyway above
  await clients.close();
  await stop(child);
  return row;
}

const userPassword = (i: number) => `footprint-pw-${i}`;
const userName = (i: number) => `u${String(i).padStart(3, '0')}`;
let usersTemplate: string | undefined;

/**
 * `part`: 'idle' = the idle windows only, 'ops' = the operations only (the same server with other
 * flags or an older data dir, beside the full row). `prepare` may lay files into the data dir.
 */
async function measurePulseboard(
  dataRoot: string,
  nodeFlags: string[],
  serveFlags: string[] = [],
  part: 'all' | 'idle' | 'ops' = 'all',
  prepare?: (dataDir: string) => void,
): Promise<Row> {
  const dir = mkdtempSync(join(dataRoot, 'pb-footprint-'));
  const dataDir = join(dir, 'data');
  // The 200 accounts are hashed once per bench run (production scrypt cost: slow) and copied.
  if (!usersTemplate) {
    usersTemplate = mkdtempSync(join(dataRoot, 'pb-footprint-users-'));
    const store = openUserStore({ dataDir: usersTemplate });
    for (let i = 0; i < crowd; i++) await store.add(userName(i), userPassword(i), 'operator');
  }
  cpSync(usersTemplate, dataDir, { recursive: true });
  prepare?.(dataDir);
  const name = userName;
  const password = userPassword;
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      bin,
      'serve',
      ...['--host', '127.0.0.1', '--port', String(port), '--data', dataDir],
      ...['--board', 'sim', '--sim-latency-ms', '0', '--max-users', String(crowd)],
      ...serveFlags,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...environment } },
  );
  let log = 0; // what journald would store
  child.stdout!.on('data', (d: Buffer) => (log += d.length));
  child.stderr!.on('data', (d: Buffer) => (log += d.length));
  if (args['server-log']) {
    // One file per server run: FILE for the default, FILE.<flags> for the others.
    const suffix = serveFlags.length ? `.${serveFlags.join('').replace(/[^a-z0-9]+/gi, '-')}` : '';
    const file = createWriteStream(`${args['server-log']}${suffix}`);
    child.stdout!.pipe(file);
    child.stderr!.pipe(file);
  }
  try {
    const row: Row = { startMs: await started(child, port, t0, 401) };
    await sleepUntil(t0 + rssAtMs);
    row.rssMb = rssMb(child.pid!);
    const basic = (i: number) => ({
      authorization: `Basic ${Buffer.from(`${name(i)}:${password(i)}`).toString('base64')}`,
    });
    if (part !== 'ops') {
      const idle = await measureIdle(child.pid!, `ws://127.0.0.1:${port}/ws`, basic, row, () => log);
      await idle.close();
    }
    if (part === 'idle') return row;
    // Fresh sockets for the operations: on a loaded machine the liveness watch may have
    // (rightly) ended an idle client whose pongs came late.
    const clients = await openIdleClients(`ws://127.0.0.1:${port}/ws`, basic, users);
    process.stderr.write(`  ${ops} operations\n`);
    const w0 = writeBytes(child.pid!);
    const l0 = log;
    // Round robin over the ten users (one socket alone would hit the per-connection flood
    // guard, which closes it) and over four outputs; a per-line RATE_LIMITED answer is waited out.
    const lines = ['lights', 'pump', 'heater', 'vent-fan'];
    for (let i = 0; i < ops; i++) {
      for (let attempt = 0; ; attempt++) {
        const reply = await clients.request(i % users, {
          type: 'operate',
          id: `op${i}-${attempt}`,
          line: lines[i % lines.length]!,
          value: Math.floor(i / lines.length) % 2 ? 0 : 1,
        });
        if (reply.type === 'ack') break;
        const code = (reply.error as { code?: string } | undefined)?.code;
        if (code !== 'RATE_LIMITED' || attempt > 50)
          throw new Error(`operate ${i}: ${JSON.stringify(reply)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    row.opsBytesPer1000 = ((writeBytes(child.pid!) - w0) * 1000) / ops;
    row.opsLogBytesPer1000 = ((log - l0) * 1000) / ops;
    await clients.close();
    return row;
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '-' : v.toFixed(digits));
const bytes = (v: number | undefined) =>
  v === undefined
    ? '-'
    : v >= 1e6
      ? `${(v / 1e6).toFixed(1)} MB`
      : v >= 1e3
        ? `${(v / 1e3).toFixed(1)} kB`
        : `${Math.round(v)} B`;

const started0 = Date.now();
const loadBefore = loadavg();
const nodeFlags = serviceNodeFlags();
const environment = serviceEnvironment();
const environmentText = Object.entries(environment)
  .map(([k, v]) => `${k}=${v}`)
  .join(' ');
const TMPFS_MAGIC = 0x01021994;
mkdirSync(args.data!, { recursive: true });
const dataOnTmpfs = statfsSync(args.data!).type === TMPFS_MAGIC;
process.stderr.write(`footprint: bare node...\n`);
const node = await measureNode();
process.stderr.write(`footprint: bare ws (${(2 * windowMs) / 1000} s of idle windows)...\n`);
const ws = await measureBareWs();
process.stderr.write(`footprint: pulseboard (node ${nodeFlags.join(' ') || 'without flags'})...\n`);
const pb = await measurePulseboard(args.data!, nodeFlags);
// Beside it in the same run: the ping beat, what kernels without the per-socket RTO floor get
// (< 6.15, e.g. Raspberry Pi OS today): a ping per beat, and panels that ping for themselves.
process.stderr.write(`footprint: pulseboard --liveness-beat ping (idle windows only)...\n`);
const pbPing = await measurePulseboard(args.data!, nodeFlags, ['--liveness-beat', 'ping'], 'idle');
// Storage per 1,000 operations before (an audit.db made by the last release: 4 KB pages and
// AUTOINCREMENT, which an existing file keeps) and with --storage-sync normal (no fsync per commit).
process.stderr.write(`footprint: pulseboard on an audit.db from before (operations only)...\n`);
const pbOldDb = await measurePulseboard(args.data!, nodeFlags, [], 'ops', createOldAuditDb);
process.stderr.write(`footprint: pulseboard --storage-sync normal (operations only)...\n`);
const pbNormal = await measurePulseboard(args.data!, nodeFlags, ['--storage-sync', 'normal'], 'ops');
if (usersTemplate) rmSync(usersTemplate, { recursive: true, force: true });
let vm: VmFootprint | string = 'skipped (--no-vm)';
if (!args['no-vm']) {
  process.stderr.write(`footprint: pulseboard in the test VM (512 MB)...\n`);
  vm = await vmFootprint(root, nodeFlags);
}

const target = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'yes' : 'NO');
const rows = [
  [
    'RSS 5 s after start (MB)',
    fmt(node.rssMb),
    fmt(ws.rssMb),
    fmt(pb.rssMb),
    '<= 60',
    target(pb.rssMb! <= 60),
  ],
  [
    'start to first 401 (ms)',
    '-',
    fmt(ws.startMs, 0),
    fmt(pb.startMs, 0),
    '<= 1500',
    target(pb.startMs! <= 1500),
  ],
  [
    `CPU, ${users} idle users (% of a core)`,
    '-',
    fmt(ws.cpu10, 2),
    fmt(pb.cpu10, 2),
    '<= 1',
    target(pb.cpu10! <= 1),
  ],
  [`  same, --liveness-beat ping (kernels < 6.15)`, '-', '-', fmt(pbPing.cpu10, 2), '', ''],
  [
    `CPU, ${crowd} idle connections (%)`,
    '-',
    fmt(ws.cpu200, 2),
    fmt(pb.cpu200, 2),
    '<= 3',
    target(pb.cpu200! <= 3),
  ],
  [`  same, --liveness-beat ping (kernels < 6.15)`, '-', '-', fmt(pbPing.cpu200, 2), '', ''],
  [`RSS with ${crowd} connections (MB)`, '-', fmt(ws.rss200Mb), fmt(pb.rss200Mb), '', ''],
  [
    'idle clients ended during the windows',
    '-',
    String(ws.droppedIdle),
    `${pb.droppedIdle} (ping: ${pbPing.droppedIdle})`,
    '0',
    '',
  ],
  ['idle clients refused at connect', '-', String(ws.refusedIdle), String(pb.refusedIdle), '0', ''],
  [
    'storage bytes per idle hour',
    '-',
    '0',
    bytes(pb.idleBytesPerHour),
    '0',
    target(pb.idleBytesPerHour === 0),
  ],
  ['  + log bytes per idle hour', '-', '0', bytes(pb.idleLogBytesPerHour), '', ''],
  [`storage bytes per 1,000 operations`, '-', '-', bytes(pb.opsBytesPer1000), '', ''],
  ['  same, audit.db from before (4 KB pages)', '-', '-', bytes(pbOldDb.opsBytesPer1000), '', ''],
  ['  same, --storage-sync normal', '-', '-', bytes(pbNormal.opsBytesPer1000), '', ''],
  ['  + log bytes per 1,000 operations', '-', '-', bytes(pb.opsLogBytesPer1000), '', ''],
  ...(typeof vm === 'string'
    ? [['in the VM, 512 MB', '-', '-', vm.split('\n')[0]!, 'runs', target(false)]]
    : [
        ['in the VM (512 MB, TCG): start to 401 (ms)', '-', '-', fmt(vm.startMs, 0), 'runs', 'yes'],
        ['in the VM: RSS (MB) / MemAvailable (MB)', '-', '-', `${vm.rssMb} / ${vm.memAvailableMb}`, '', ''],
      ]),
];
const table = renderTable(['measure', 'bare node', 'bare ws', 'pulseboard', 'target', 'met'], rows);
const notes = [
  `node ${process.version}, ${cpus().length} CPUs, load before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
  `server flags and environment (from deploy/pulseboard.service): ${nodeFlags.join(' ') || 'none'}; ${environmentText}; CPU windows ${windowMs / 1000} s; data dir in ${args.data}${dataOnTmpfs ? ' (tmpfs: storage bytes are NOT disk writes)' : ''}`,
  'idle clients behave like the panel: ask for beats, ping only after 250 ms of silence (so 4 times a second where the server does not beat); log bytes = stdout+stderr (what journald would store)',
  `with ${crowd} connections the clients received ${fmt(ws.clientMsgPerS, 0)} (bare ws) / ${fmt(pb.clientMsgPerS, 0)} (pulseboard) messages/s; the crowd processes' worst event-loop delay ${fmt(ws.clientLagMaxMs, 0)} / ${fmt(pb.clientLagMaxMs, 0)} ms`,
  ...(pb.droppedIdle || pb.refusedIdle
    ? [`why Pulseboard ended idle clients (close code reason: count): ${JSON.stringify(pb.droppedWhy)}`]
    : []),
];
process.stdout.write(
  `\nFootprint (${((Date.now() - started0) / 1000).toFixed(0)} s)\n${table}\n${notes.map((n) => `- ${n}`).join('\n')}\n`,
);
mkdirSync(args.out!, { recursive: true });
const file = join(args.out!, `footprint-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      windowMs,
      nodeFlags,
      node,
      ws,
      pulseboard: pb,
      pulseboardPingBeat: pbPing,
      pulseboardOldAuditDb: pbOldDb,
      pulseboardStorageSyncNormal: pbNormal,
      vm,
      notes,
    },
    null,
    2,
  ),
);
process.stdout.write(`${file}\n`);
if (typeof vm === 'string' && vm.startsWith('failed')) process.stderr.write(`${vm}\n`);
