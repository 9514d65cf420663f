// npm run bench:roundtrip [-- --quick]
// Command round trip: click -> confirmed state seen by 10 connected users, on the sim board with
// zero actuation latency, p50/p95 (issue 5: target p95 <= 20 ms). Every one of our paths is
// measured beside a baseline in the same run and printed in one side-by-side table:
//   controller  controller.operate() with 10 in-process listeners vs driver write + direct calls
//   ws          the real server, 10 Digest-authenticated /ws users, one sends `operate`
//               vs a bare `ws` server that broadcasts the same state event (the transport floor)
//   http        the same server, POST /api/lines/:name with Digest vs a bare POST -> broadcast
// Loopback only; bounded in count (--iterations) and time (--budget-s per path).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBoard } from '@pulseboard/core/hardware/load-board';
import { openAuditStore } from '@pulseboard/core/store/audit';
import { Audience } from './audience.js';
import { startBareServer } from './bare-server.js';
import { driverBaseline, viaController } from './controller-paths.js';
import { BenchHttpClient } from './http-client.js';
import { measure, type Measured, type MeasureOptions, type RoundTripPath } from './measure.js';
import { openPulseboardAudience, startPulseboard } from './pulseboard-target.js';
import { httpOperatePath, wsOperatePath } from './socket-paths.js';
import { compare, comparisonCells, comparisonHeader, renderTable, type Comparison } from './table.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    iterations: { type: 'string' },
    warmup: { type: 'string' },
    subscribers: { type: 'string', default: '10' },
    'budget-s': { type: 'string' },
    'gap-ms': { type: 'string', default: '0' },
    tmp: { type: 'string' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results') },
  },
});
const quick = args.quick;
const iterations = Number(args.iterations ?? (quick ? 300 : 2000));
const warmup = Number(args.warmup ?? (quick ? 50 : 200));
const subscribers = Number(args.subscribers);
const budgetMs = Number(args['budget-s'] ?? (quick ? 15 : 60)) * 1000;
const gapMs = Number(args['gap-ms']);
for (const [name, v, min] of [
  ['--iterations', iterations, 1],
  ['--warmup', warmup, 0],
  ['--subscribers', subscribers, 1],
  ['--budget-s', budgetMs, 1],
  ['--gap-ms', gapMs, 0],
] as const) {
  if (!Number.isFinite(v) || v < min) throw new TypeError(`${name} must be a number >= ${min}`);
}
const board = loadBoard('sim');
const line = 'lights';
const targetP95Ms = 20;
const loop: MeasureOptions = { iterations, warmup, budgetMs, timeoutMs: 5000, gapMs };
const started = Date.now();

async function run(name: string, make: () => Promise<RoundTripPath>): Promise<Measured> {
  const m = await measure(await make(), loop);
  const s = m.summary;
  console.error(`${name}: n ${s.n}, p50 ${s.p50} ms, p95 ${s.p95} ms${m.truncated ? ' (budget spent)' : ''}`);
  return m;
}

// --- controller level (in-process, no sockets) ---
const tmp = mkdtempSync(join(args.tmp ?? tmpdir(), 'pb-bench-roundtrip-'));
const controllerBase = await run('controller baseline (driver write + fan-out)', () =>
  driverBaseline(board, line, subscribers),
);
const controllerMemory = await run('controller, audit in memory', () =>
  viaController(board, line, subscribers, openAuditStore(':memory:')),
);
const controllerDisk = await run('controller, audit on disk (WAL, synchronous=FULL)', () =>
  viaController(board, line, subscribers, openAuditStore(join(tmp, 'audit.db'))),
);
rmSync(tmp, { recursive: true, force: true });

// --- socket level, baseline: bare ws + http on loopback ---
const bare = await startBareServer();
const bareAudience = await Audience.open(
  Array.from({ length: subscribers }, () => ({ url: bare.url.replace(/^http/, 'ws') + '/ws' })),
);
const bareHttp = new BenchHttpClient(bare.url);
const keep = async () => {};
const wsBase = await run('bare ws broadcast', async () => wsOperatePath(bareAudience, line, keep));
const httpBase = await run('bare http POST -> ws broadcast', async () =>
  httpOperatePath(bareAudience, line, (l, v) => bareHttp.raw('POST', `/api/lines/${l}`, JSON.stringify({ value: v })), keep),
);
bareHttp.close();
await bareAudience.close();
await bare.close();

// --- socket level, ours: the real server ---
const pb = await startPulseboard({ users: subscribers, ...(args.tmp ? { tmpRoot: args.tmp } : {}) });
let wsOurs: Measured;
let httpOurs: Measured;
let rechallenged = 0;
let warnings: { level: number; msg: string }[] = [];
try {
  const audience = await openPulseboardAudience(pb);
  const http = new BenchHttpClient(pb.url, pb.users[0]);
  try {
    wsOurs = await run('pulseboard /ws operate', async () => wsOperatePath(audience, line, keep));
    httpOurs = await run('pulseboard POST /api/lines (Digest)', async () =>
      httpOperatePath(audience, line, (l, v) => http.digest('POST', `/api/lines/${l}`, JSON.stringify({ value: v })), keep),
    );
    rechallenged = http.rechallenged;
  } finally {
    http.close();
    await audience.close();
  }
  warnings = pb.warnings();
} finally {
  await pb.close();
}

// --- one table ---
const n = subscribers;
const comparisons: Comparison[] = [
  {
    level: 'controller',
    ours: 'controller.operate, audit :memory:',
    baseline: `SimDriver.write + ${n} direct listener calls`,
    oursStats: controllerMemory.summary,
    baselineStats: controllerBase.summary,
  },
  {
    level: 'controller',
    ours: 'controller.operate, audit on disk',
    baseline: `SimDriver.write + ${n} direct listener calls`,
    oursStats: controllerDisk.summary,
    baselineStats: controllerBase.summary,
  },
  {
    level: 'ws',
    ours: `/ws operate -> ${n} users (Digest)`,
    baseline: `bare ws server: operate -> 1 state event to ${n} clients`,
    oursStats: wsOurs.summary,
    baselineStats: wsBase.summary,
    target: true,
  },
  {
    level: 'http',
    ours: `POST /api/lines (Digest) -> ${n} /ws`,
    baseline: `bare http POST -> 1 state event to ${n} ws clients`,
    oursStats: httpOurs.summary,
    baselineStats: httpBase.summary,
    target: true,
  },
];
const rows = comparisons.map((c) => compare(c, targetP95Ms));
console.log(
  `\nround trip, ms: command -> confirmed state seen by all ${n} subscribers (sim board, 0 ms actuation; loopback)\n`,
);
console.log(renderTable(comparisonHeader(targetP95Ms), rows.map(comparisonCells)));
console.log('\nbaselines:');
for (const c of comparisons) console.log(`  ${c.level.padEnd(10)} ${c.ours}  vs  ${c.baseline}`);
const wsRow = rows.find((r) => r.level === 'ws')!;
console.log(
  `\ntarget (issue 5): click -> confirmed state seen by ${n} users, p95 <= ${targetP95Ms} ms: ` +
    `${wsRow.targetMet ? 'met' : 'NOT met'} (${wsRow.oursP95} ms over /ws)`,
);
if (warnings.length) console.log(`server logged ${warnings.length} warning(s): ${[...new Set(warnings.map((w) => w.msg))].join('; ')}`);

const report = {
  bench: 'roundtrip',
  what: `command -> confirmed state event seen by all ${n} subscribers; sim board, 0 ms actuation latency; loopback, in-process`,
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
  config: { quick, iterations, warmup, subscribers, budgetMs, gapMs, line, unit: 'ms' },
  table: rows,
  comparisons: comparisons.map(({ level, ours, baseline, target }) => ({ level, ours, baseline, target: !!target })),
  results: {
    controller: {
      baseline: controllerBase.summary,
      memoryAudit: controllerMemory.summary,
      diskAudit: controllerDisk.summary,
    },
    ws: { baseline: wsBase.summary, pulseboard: wsOurs.summary },
    http: { baseline: httpBase.summary, pulseboard: httpOurs.summary },
  },
  truncated: Object.fromEntries(
    Object.entries({ controllerBase, controllerMemory, controllerDisk, wsBase, httpBase, wsOurs, httpOurs }).map(
      ([k, m]) => [k, m.truncated],
    ),
  ),
  server: { digestRechallenged: rechallenged, warnings },
  target: { p95Ms: targetP95Ms, path: 'ws', p95: wsRow.oursP95, met: wsRow.targetMet },
  elapsedS: Math.round((Date.now() - started) / 100) / 10,
};
mkdirSync(args.out, { recursive: true });
const file = join(args.out, `roundtrip-${report.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
console.log(`wrote ${file}`);
