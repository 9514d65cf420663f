import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openUserStore } from '@pulseboard/core/auth/index';
import { loadBoard } from '@pulseboard/core/hardware/load-board';
import { GpioSim, type Pull } from './gpio-sim.js';

// Runs inside the test VM for the end-to-end tests: makes the board's gpio-sim chip, seeds
// users, runs `pulseboard serve` under a supervisor that restarts it when it dies (as systemd's
// Restart=always would), and answers the host over HTTP: read the chip, drive inputs, signal
// the server and watch the chip while it goes down and comes back.
//   node packages/vm/dist/guest-agent.js --board FILE --port 8080 --agent-port 8081 \
//     [--user name:role:password]... [-- extra serve flags]

const bin = fileURLToPath(new URL('../../../apps/server/bin/pulseboard.js', import.meta.url));
const restartDelayMs = 100;

interface Snapshot {
  /** ms since the signal */
  t: number;
  values: Record<string, 0 | 1>;
  /** The signalled process had not been seen to exit yet. */
  oldAlive: boolean;
}

const { values: args, positionals: serveExtra } = parseArgs({
  allowPositionals: true,
  options: {
    board: { type: 'string' },
    port: { type: 'string', default: '8080' },
    'agent-port': { type: 'string', default: '8081' },
    data: { type: 'string', default: '/var/lib/pulseboard' },
    user: { type: 'string', multiple: true, default: [] },
  },
});
if (!args.board) throw new Error('guest-agent: --board FILE is required');
const board = loadBoard(args.board);
const chipLines = board.lines.map((l) => {
  if (typeof l.location?.line !== 'string') throw new Error(`guest-agent: ${l.name}: give lines by name`);
  return l.location.line;
});
const sim = GpioSim.create('agent', { label: board.chip ?? 'pulseboard-sim', lines: chipLines });
process.stdout.write(`guest-agent: chip ${sim.chipName} "${sim.options.label}" made\n`);
const outputs = board.lines.filter((l) => l.direction === 'out').map((l) => l.location!.line as string);

const users = openUserStore({ dataDir: args.data });
for (const spec of args.user) {
  const [name, role, password] = spec.split(':');
  if (!name || !password || (role !== 'admin' && role !== 'operator' && role !== 'viewer'))
    throw new Error(`guest-agent: --user ${spec}: want name:role:password`);
  await users.add(name, password, role);
}

// --- the supervised server ---------------------------------------------------------------
let server: ChildProcess | undefined;
let starts = 0;
let ready = false;
let stopping = false;
let output = '';
const readyWaiters = new Set<() => void>();

function startServer(): void {
  starts += 1;
  ready = false;
  const child = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--host',
      '0.0.0.0',
      '--port',
      args.port!,
      '--data',
      args.data!,
      '--board',
      args.board!,
      ...serveExtra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PULSEBOARD_LOG_LEVEL: 'info' } },
  );
  server = child;
  const onData = (d: Buffer): void => {
    const text = d.toString();
    output = (output + text).slice(-200_000);
    process.stdout.write(text.replace(/^(?=.)/gm, `[server ${child.pid}] `));
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.stdout!.on('data', (d: Buffer) => {
    if (!ready && d.toString().includes('Pulseboard on')) markReady();
  });
  child.on('exit', () => {
    if (server === child) server = undefined;
    if (!stopping) setTimeout(startServer, restartDelayMs);
  });
}

function markReady(): void {
  ready = true;
  for (const w of readyWaiters) w();
  readyWaiters.clear();
}

function whenReady(timeoutMs = 60_000): Promise<void> {
  if (ready) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server not ready in time')), timeoutMs);
    readyWaiters.add(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// --- watching the chip while the server goes down -------------------------------------------
function chipValues(lines: string[] = chipLines): Record<string, 0 | 1> {
  return Object.fromEntries(lines.map((l) => [l, sim.value(l)]));
}

const matches = (values: Record<string, 0 | 1>, want: Record<string, 0 | 1>): boolean =>
  Object.entries(want).every(([line, v]) => values[line] === v);

/**
 * Sends `signal` to the server and samples the outputs as fast as it can until the process
 * has exited and a restarted one has driven them to `expect` (or timeoutMs). Records every
 * change, and whether the signalled process was still alive when it was seen.
 */
async function signalAndWatch(signal: NodeJS.Signals, expect: Record<string, 0 | 1>, timeoutMs: number) {
  const child = server;
  if (!child?.pid) throw new Error('no server running');
  const pid = child.pid;
  let exitedAt: number | undefined;
  let exit: { code: number | null; signal: string | null } | undefined;
  child.once('exit', (code, sig) => {
    exitedAt = performance.now();
    exit = { code, signal: sig };
  });
  const snapshots: Snapshot[] = [];
  let last = '';
  const t0 = performance.now();
  child.kill(signal);
  let safeAgainAt: number | undefined;
  while (performance.now() - t0 < timeoutMs) {
    const values = chipValues(outputs);
    const t = performance.now() - t0;
    // A new snapshot on every change, and once more when the exit is seen.
    const key = `${JSON.stringify(values)} ${exitedAt === undefined}`;
    if (key !== last) {
      snapshots.push({ t: Math.round(t * 10) / 10, values, oldAlive: exitedAt === undefined });
      last = key;
    }
    if (exitedAt !== undefined && matches(values, expect) && server && server !== child) {
      safeAgainAt = t;
      break;
    }
    // 1 ms apart while the old process lives (to catch it making lines safe on its way out);
    // once it is gone, 10 ms: the guest has one emulated CPU, and sampling every millisecond
    // took most of it from the restarting server (a kill -9 restart took over a minute).
    await new Promise((r) => setTimeout(r, exitedAt === undefined ? 1 : 10));
  }
  await whenReady().catch(() => undefined);
  return {
    pid,
    exit,
    exitMs: exitedAt === undefined ? null : exitedAt - t0,
    safeWhileAlive: snapshots.some((s) => s.oldAlive && matches(s.values, expect)),
    safeAgainMs: safeAgainAt ?? null,
    newPid: server?.pid ?? null,
    snapshots,
  };
}

// --- the host's interface ---------------------------------------------------------------------
async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const route = `${req.method} ${req.url}`;
  const b = req.method === 'POST' ? await body(req) : {};
  switch (route) {
    case 'GET /state':
      // A removed chip (live=0) has no lines to read.
      return {
        values: sim.live ? chipValues() : {},
        live: sim.live,
        ready,
        starts,
        pid: server?.pid ?? null,
      };
    case 'GET /output':
      return { output };
    case 'POST /pull':
      for (const [line, pull] of Object.entries(b)) sim.pull(line, pull as Pull);
      return { values: chipValues() };
    case 'POST /drive':
      for (const [line, level] of Object.entries(b)) sim.drive(line, level ? 1 : 0);
      return { values: chipValues() };
    case 'POST /live':
      sim.setLive(Boolean(b.live));
      return { live: sim.live };
    case 'POST /signal':
      return signalAndWatch(
        b.signal as NodeJS.Signals,
        b.expect as Record<string, 0 | 1>,
        Number(b.timeoutMs ?? 60_000),
      );
    case 'POST /shutdown':
      stopping = true;
      res.on('finish', () => {
        const exit = (): never => process.exit(0);
        if (!server) exit();
        server?.once('exit', exit);
        server?.kill('SIGTERM');
        setTimeout(exit, 10_000).unref();
      });
      return { ok: true };
    default:
      res.statusCode = 404;
      return { error: `no route ${route}` };
  }
}

process.stdout.write(`guest-agent: ${args.user.length} users added; starting the server\n`);
startServer();
await whenReady();
createServer((req, res) => {
  handle(req, res).then(
    (result) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result));
    },
    (err: unknown) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: String(err) }));
    },
  );
}).listen(Number(args['agent-port']), '0.0.0.0', () => {
  process.stdout.write(`guest-agent: ready (chip ${sim.chipName}, server pid ${server?.pid})\n`);
});
