// npm run bench:soak [-- --quick] [-- --minutes N]
//
// Soak (issue 12): 10 users connect, authenticate and close WebSockets in a loop while one
// more user floods 1000 sockets at once every minute (from another address), for 10 minutes
// (--quick: 90 s, a flood every 20 s). Meanwhile one healthy user keeps one WebSocket open.
// Pass when: the server's file descriptors, live heap and RSS at the end are within 10 % of
// their values after warm-up (medians of a window each), the healthy user's heartbeat (the
// server's pings) is never more than 300 ms late, and nobody healthy is declared dead.
// Prints the table (start vs end, side by side) and writes JSON to bench/results/.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { LIVENESS_PRESETS } from '@pulseboard/core/liveness/index';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    minutes: { type: 'string' },
    'flood-size': { type: 'string', default: '1000' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results') },
  },
});
const durationMs = Number(args.minutes ?? (args.quick ? 1.5 : 10)) * 60_000;
const floodEveryMs = args.quick ? 20_000 : 60_000;
const floodSize = Number(args['flood-size']);
const windowMs = Math.max(20_000, durationMs * 0.15);
const warmupMs = Math.max(20_000, durationMs * 0.1);
const bounds = { growthPct: 10, lateMs: 300 };

const tsx = ['--conditions=source', '--import', 'tsx'];
const cred = (name: string) => ({ name, password: randomBytes(9).toString('base64url') });
const churners = Array.from({ length: 10 }, (_, i) => cred(`soak${String(i + 1).padStart(2, '0')}`));
const healthy = cred('healthy');
const flooder = cred('flooder');

function lines(child: ChildProcess, on: (line: Record<string, unknown>) => void): void {
  createInterface({ input: child.stdout! }).on('line', (l) => {
    try {
      on(JSON.parse(l) as Record<string, unknown>);
    } catch {
      // not ours
    }
  });
}

const server = spawn(
  process.execPath,
  [
    '--expose-gc',
    ...tsx,
    join(import.meta.dirname, 'server.ts'),
    JSON.stringify([...churners, healthy, flooder]),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const heap: { at: number; v: number }[] = [];
/** The server's worst event-loop delay of each second (bench/soak/server.ts prints it). */
const serverLoop: number[] = [];
let serverLog = '';
const url = await new Promise<string>((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  lines(server, (l) => {
    if (typeof l.url === 'string') {
      serverLog = String(l.log);
      resolve(l.url);
    }
    if (typeof l.heap === 'number') heap.push({ at: Date.now(), v: l.heap });
    const eld = l.eld as { maxMs: number } | undefined;
    if (eld) serverLoop.push(eld.maxMs);
  });
});

// Samples of the server process from /proc, once a second.
const rss: { at: number; v: number }[] = [];
const fds: { at: number; v: number }[] = [];
const sampler = setInterval(() => {
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    rss.push({ at: Date.now(), v: kb * 1024 });
    fds.push({ at: Date.now(), v: readdirSync(`/proc/${server.pid}/fd`).length });
  } catch {
    // the server is gone; the run fails below
  }
}, 1000);

// The beat the server runs (its /healthz says): the gap between two frames it sends the healthy
// user when nothing else is said. The kernel-judged beat (opt-in) sends a pong more often.
const health = (await (
  await fetch(`${url}/healthz`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${healthy.name}:${healthy.password}`).toString('base64')}`,
    },
  })
).json()) as { beat: 'kernel' | 'ping'; heartbeat: { intervalMs: number } };
const kernelBeat = LIVENESS_PRESETS['lan-fast'].kernelBeat;
const heartbeatMs =
  health.beat === 'kernel' && kernelBeat ? kernelBeat.intervalMs : health.heartbeat.intervalMs;
// This process's own event-loop delay: a late beat may be late here, not at the server.
const ownLoop = monitorEventLoopDelay({ resolution: 10 });
ownLoop.enable();

// The healthy user: one WebSocket for the whole run; the gaps between the server's pings say
// how late its heartbeat was; a detection of it, or its socket closing, is a false death.
const started = Date.now();
const probe = new WebSocket(url.replace(/^http/, 'ws') + '/ws', {
  headers: {
    Authorization: `Basic ${Buffer.from(`${healthy.name}:${healthy.password}`).toString('base64')}`,
  },
});
let lastPing = 0;
const lateness: number[] = [];
let falseDeaths = 0;
let probeClosed: number | null = null;
// Any frame from the server is a beat (the kernel-judged beat rides on other traffic).
const beat = () => {
  const t = Date.now();
  if (lastPing) lateness.push(t - lastPing - heartbeatMs);
  lastPing = t;
};
probe.on('ping', beat);
probe.on('pong', beat);
probe.on('message', beat);
probe.on('message', (d) => {
  const e = JSON.parse(String(d)) as { type: string; user?: string; state?: string };
  if (e.type === 'detection' && e.user === healthy.name && e.state === 'dead') falseDeaths += 1;
});
probe.on('close', (code) => (probeClosed = code));
await new Promise<void>((resolve, reject) => {
  probe.once('open', () => resolve());
  probe.once('error', reject);
});

const load = spawn(
  process.execPath,
  [
    ...tsx,
    join(import.meta.dirname, 'load.ts'),
    JSON.stringify({ url, users: churners, flooder, durationMs, floodEveryMs, floodSize }),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let counts: Record<string, unknown> = {};
lines(load, (l) => (counts = l));
const progress = setInterval(() => {
  const s = Math.round((Date.now() - started) / 1000);
  console.error(`soak ${s}s/${durationMs / 1000}s: ${JSON.stringify(counts)}`);
}, 30_000);
await new Promise((r) => load.once('exit', r));
clearInterval(progress);
// Let the last flood's sockets close and a last heap sample come in.
await new Promise((r) => setTimeout(r, 6000));
clearInterval(sampler);
if (probeClosed !== null) falseDeaths += 1;
probe.close();
const warnings = readFileSync(serverLog, 'utf8').split('\n').filter(Boolean).length;
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));

// Medians of the window after warm-up and of the last window.
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const endAt = started + durationMs;
const inWindow = (xs: { at: number; v: number }[], from: number, to: number) =>
  median(xs.filter((x) => x.at >= from && x.at < to).map((x) => x.v));
const rows = (
  [
    ['open file descriptors', fds, (v: number) => String(v)],
    ['live heap (after GC), MB', heap, (v: number) => (v / 2 ** 20).toFixed(1)],
    ['RSS, MB', rss, (v: number) => (v / 2 ** 20).toFixed(1)],
  ] as const
).map(([name, xs, fmt]) => {
  const start = inWindow(xs, started + warmupMs, started + warmupMs + windowMs);
  const end = inWindow(xs, endAt - windowMs, endAt + 10_000);
  const growthPct = ((end - start) / start) * 100;
  return { name, start, end, growthPct, ok: growthPct <= bounds.growthPct, fmt };
});
const sortedLate = [...lateness].sort((a, b) => a - b);
const maxLate = sortedLate.at(-1) ?? NaN;
const p99Late = sortedLate[Math.floor(sortedLate.length * 0.99)] ?? NaN;

const loopSorted = [...serverLoop].sort((a, b) => a - b);
const loopMax = loopSorted.at(-1) ?? NaN;
const loopP99 = loopSorted[Math.floor(loopSorted.length * 0.99)] ?? NaN;
const ownMax = Math.round(ownLoop.max / 1e6);
const ownP99 = Math.round(ownLoop.percentile(99) / 1e6);

const table = [
  `soak: ${durationMs / 60_000} min, ${health.beat} beat every ${heartbeatMs} ms, 10 users churning, ${floodSize}-socket flood every ${floodEveryMs / 1000} s, ` +
    `${cpus().length} cores, load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  '',
  '| metric | after warm-up | at the end | change | bound | ok |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.fmt(r.start)} | ${r.fmt(r.end)} | ${r.growthPct >= 0 ? '+' : ''}${r.growthPct.toFixed(1)} % | <= +${bounds.growthPct} % | ${r.ok ? 'yes' : 'NO'} |`,
  ),
  `| healthy heartbeat late, max (p99) | | ${maxLate} ms (${p99Late} ms) | | <= ${bounds.lateMs} ms | ${maxLate <= bounds.lateMs ? 'yes' : 'NO'} |`,
  `| false deaths of the healthy user | | ${falseDeaths} | | 0 | ${falseDeaths === 0 ? 'yes' : 'NO'} |`,
  `| event-loop delay, max (p99 of per-second max): server | | ${loopMax} ms (${loopP99} ms) | | | |`,
  `| event-loop delay, max (p99): this process (the probe) | | ${ownMax} ms (${ownP99} ms) | | | |`,
  '',
  `load: ${JSON.stringify(counts)}; server warn+ log lines: ${warnings}`,
];
console.log(table.join('\n'));
const pass = rows.every((r) => r.ok) && maxLate <= bounds.lateMs && falseDeaths === 0;
mkdirSync(args.out, { recursive: true });
const file = join(args.out, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  JSON.stringify(
    {
      bench: 'soak',
      quick: args.quick,
      durationMs,
      floodEveryMs,
      floodSize,
      loadavg: loadavg(),
      rows: rows.map(({ fmt: _f, ...r }) => r),
      heartbeat: {
        beat: health.beat,
        intervalMs: heartbeatMs,
        maxLateMs: maxLate,
        p99LateMs: p99Late,
        samples: lateness.length,
      },
      eventLoopDelayMs: { server: { max: loopMax, p99: loopP99 }, probe: { max: ownMax, p99: ownP99 } },
      falseDeaths,
      load: counts,
      serverWarnLines: warnings,
      pass,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\n${pass ? 'PASS' : 'FAIL'}; results: ${file}`);
process.exit(pass ? 0 : 1);
