// Command round trip: operate() -> confirmed state seen by 10 subscribers, on the sim board
// with zero actuation latency, against a naive baseline (driver write + direct fan-out, no
// queue, no audit). Controller level only: the WebSocket path needs apps/server (see README).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createController, type Controller } from '@pulseboard/core/control/controller';
import type { LineState } from '@pulseboard/core/control/line-state';
import { SimDriver } from '@pulseboard/core/hardware/drivers/sim';
import { loadBoard } from '@pulseboard/core/hardware/load-board';
import { openAuditStore, type AuditStore } from '@pulseboard/core/store/audit';
import { summarize, type Summary } from './stats.js';

const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
    subscribers: { type: 'string', default: '10' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results') },
  },
});
const iterations = Number(args.iterations);
const warmup = Number(args.warmup);
const subscribers = Number(args.subscribers);
const board = loadBoard('sim');
const line = 'lights';
const actor = { user: 'bench', role: 'operator' as const, sessionId: 'bench-1', remote: '127.0.0.1' };
const targetP95Ms = 20;

type OneShot = (value: 0 | 1) => Promise<number>;

/** Each subscriber serializes what it receives, as a server broadcasting it would. */
function fanOut(
  count: number,
  expect: () => { value: 0 | 1; start: number } | undefined,
  done: (ms: number) => void,
) {
  let seen = 0;
  return Array.from({ length: count }, () => (state: LineState) => {
    const want = expect();
    JSON.stringify(state);
    if (!want || state.name !== line || state.value !== want.value || state.pending !== null) return;
    if (++seen === count) {
      seen = 0;
      done(performance.now() - want.start);
    }
  });
}

async function baseline(): Promise<{ run: OneShot; close: () => Promise<void> }> {
  const driver = new SimDriver({ latencyMs: 0 });
  await driver.open(board);
  let pending: { value: 0 | 1; start: number; resolve: (ms: number) => void } | undefined;
  const listeners = fanOut(
    subscribers,
    () => pending,
    (ms) => pending?.resolve(ms),
  );
  const spec = board.lines.find((l) => l.name === line)!;
  return {
    run: (value) =>
      new Promise<number>((resolve) => {
        pending = { value, start: performance.now(), resolve };
        void driver.write(line, value).then(() => {
          const state: LineState = {
            name: line,
            label: spec.label,
            direction: 'out',
            value,
            pending: null,
            failsafe: false,
            safeValue: 0,
            pulseMs: null,
            lastChangedBy: { user: actor.user, sessionId: actor.sessionId, at: Date.now() },
            fault: null,
          };
          for (const l of listeners) l(state);
        });
      }),
    close: () => driver.close(),
  };
}

async function viaController(store: AuditStore): Promise<{ run: OneShot; close: () => Promise<void> }> {
  const controller: Controller = await createController({
    board,
    driver: new SimDriver({ latencyMs: 0 }),
    store,
  });
  let pending: { value: 0 | 1; start: number; resolve: (ms: number) => void } | undefined;
  for (const l of fanOut(
    subscribers,
    () => pending,
    (ms) => pending?.resolve(ms),
  ))
    controller.on('state', l);
  return {
    run: (value) =>
      new Promise<number>((resolve, reject) => {
        pending = { value, start: performance.now(), resolve };
        controller.operate(actor, line, value).catch(reject);
      }),
    close: async () => {
      await controller.close();
      store.close();
    },
  };
}

async function measure(
  name: string,
  make: () => Promise<{ run: OneShot; close: () => Promise<void> }>,
): Promise<Summary> {
  const { run, close } = await make();
  const samples: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const ms = await run(i % 2 === 0 ? 1 : 0);
    if (i >= warmup) samples.push(ms);
  }
  await close();
  const s = summarize(samples);
  console.error(`${name}: p50 ${s.p50} ms, p95 ${s.p95} ms`);
  return s;
}

const dir = mkdtempSync(join(tmpdir(), 'pb-bench-roundtrip-'));
const results = {
  baseline: await measure('baseline (driver write + fan-out)', baseline),
  controllerMemoryAudit: await measure('controller, audit in memory', () =>
    viaController(openAuditStore(':memory:')),
  ),
  controllerDiskAudit: await measure('controller, audit on disk (WAL, synchronous=FULL)', () =>
    viaController(openAuditStore(join(dir, 'audit.db'))),
  ),
};
rmSync(dir, { recursive: true, force: true });

const rows = Object.entries(results).map(([k, s]) => ({ path: k, ...s }));
console.table(rows.map(({ path, n, p50, p95, p99, max, mean }) => ({ path, n, p50, p95, p99, max, mean })));
const worstP95 = Math.max(results.controllerMemoryAudit.p95, results.controllerDiskAudit.p95);
console.log(
  `target p95 <= ${targetP95Ms} ms (controller level): ${worstP95 <= targetP95Ms ? 'met' : 'NOT met'} (${worstP95} ms)`,
);

const report = {
  bench: 'roundtrip',
  level: 'controller',
  what: `operate() -> confirmed state event seen by ${subscribers} in-process subscribers; sim board, 0 ms actuation latency`,
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  config: { iterations, warmup, subscribers, line, unit: 'ms' },
  results,
  target: { p95Ms: targetP95Ms, worstControllerP95Ms: worstP95, met: worstP95 <= targetP95Ms },
};
mkdirSync(args.out, { recursive: true });
const file = join(args.out, `roundtrip-controller-${report.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
console.log(`wrote ${file}`);
