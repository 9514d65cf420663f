// npm run bench:lab [-- --quick] [-- --engines] [-- --no-docker]
// Lab start-up time and per-fault apply/heal time, side by side with the obvious baselines:
// namespaces built one `ip` command at a time, and clients run through tsx instead of a bundle.
// Then both engines side by side (engines.ts): the same clients on namespaces and on a private
// Docker daemon, each fault kind's detection latency on both (within 100 ms is the target).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { join } from 'node:path';
import { Lab } from '@pulseboard/netlab/lab';
import { Topology } from '@pulseboard/netlab/net/topology';
import { newRunId } from '@pulseboard/netlab/net/names';
import { run } from '@pulseboard/netlab/util/exec';
import type { ClientKind, FaultKind, FaultParams } from '@pulseboard/netlab/types';
import { repoRoot } from '@pulseboard/netlab/util/paths';
import { privateDockerdUnavailable } from '../../scripts/private-dockerd.mjs';
import { startDockerLab } from './docker-lab.js';
import {
  comparisonRows,
  measureFaults,
  mixCounts,
  samplesPer,
  waitConnected,
  type EngineResult,
} from './engines.js';

// --no-docker: the namespace engine only (the Docker side needs root, docker.io, ~5-10 min).
const quick = process.argv.includes('--quick');
const withDocker = !process.argv.includes('--no-docker');
// --engines: only the two engines side by side.
const enginesOnly = process.argv.includes('--engines');
const N = quick ? 20 : 50;
const PREFIX = 'pbbench';

const ms = (t0: number) => Math.round(performance.now() - t0);

/** Baseline: the same network, one `ip` process per step, one host after the other. */
async function sequentialHosts(n: number): Promise<number> {
  const topo = new Topology({ prefix: PREFIX, runId: newRunId() });
  await topo.create();
  const sw = topo.names.switchNs;
  const t0 = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      const ns = topo.names.hostNs(`s${i}`);
      const port = `q${i}`;
      const addr = `10.${topo.octet}.${1 + Math.floor(i / 250)}.${(i % 250) + 1}`;
      await run('ip', ['netns', 'add', ns]);
      await run('ip', [
        'link',
        'add',
        port,
        'netns',
        sw,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        ns,
      ]);
      await run('ip', ['-n', sw, 'link', 'set', port, 'master', 'br0']);
      await run('ip', ['-n', sw, 'link', 'set', port, 'up']);
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      await run('ip', ['-n', ns, 'addr', 'add', `${addr}/16`, 'dev', 'eth0']);
      await run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
      topo.hosts.set(`s${i}`, { name: `s${i}`, ns, address: addr, port, index: i });
    }
    return ms(t0);
  } finally {
    await topo.destroy();
  }
}

async function batchedHosts(n: number): Promise<number> {
  const topo = new Topology({ prefix: PREFIX, runId: newRunId() });
  await topo.create();
  const t0 = performance.now();
  try {
    await topo.addHosts(Array.from({ length: n }, (_, i) => `b${i}`));
    return ms(t0);
  } finally {
    await topo.destroy();
  }
}

interface StartUp {
  labStartMs: number;
  boardMs: number;
  clientsMs: number;
  totalMs: number;
  connected: number;
}

const mix: [ClientKind, number][] = [
  ['ws', 0.4],
  ['sse', 0.3],
  ['http', 0.2],
  ['tcp', 0.1],
];

async function labStartUp(
  n: number,
  bundled: boolean,
  faults?: (lab: Lab, ids: string[]) => Promise<void>,
): Promise<StartUp> {
  process.env.PBL_NO_BUNDLE = bundled ? '0' : '1';
  const lab = new Lab({ prefix: PREFIX });
  const t0 = performance.now();
  try {
    await lab.start();
    const labStartMs = ms(t0);
    const t1 = performance.now();
    await lab.startBoard();
    const boardMs = ms(t1);
    const t2 = performance.now();
    const ids: string[] = [];
    for (const [kind, share] of mix) {
      const count = Math.max(1, Math.round(n * share));
      ids.push(...(await lab.addClients({ kind, count })).map((c) => c.id));
    }
    const deadline = Date.now() + 60_000;
    const connected = () => ids.filter((id) => lab.client(id)?.state === 'connected').length;
    while (connected() < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const clientsMs = ms(t2);
    const result = { labStartMs, boardMs, clientsMs, totalMs: ms(t0), connected: connected() };
    if (faults) await faults(lab, ids);
    return result;
  } finally {
    await lab.stop();
    delete process.env.PBL_NO_BUNDLE;
  }
}

const faultCases: [FaultKind, FaultParams][] = [
  ['blackhole', {}],
  ['cable-pull', {}],
  ['rst', {}],
  ['loss', { percent: 10 }],
  ['delay', { delayMs: 80, jitterMs: 40 }],
  ['bandwidth', { rateKbit: 1000 }],
  ['partition', {}],
];

interface FaultTiming {
  kind: FaultKind;
  fidelity: string;
  one: { applyMs: number; healMs: number };
  all: { applyMs: number; healMs: number; targets: number };
}

async function faultTimings(lab: Lab, ids: string[], out: FaultTiming[]): Promise<void> {
  const time = async (kind: FaultKind, params: FaultParams, targets: string[]) => {
    const p = kind === 'partition' ? { map: Object.fromEntries(targets.map((t) => [t, ['board']])) } : params;
    const t0 = performance.now();
    const f = await lab.fault(kind, kind === 'partition' ? [] : targets, p);
    const applyMs = ms(t0);
    const t1 = performance.now();
    await lab.heal(f.id);
    return { applyMs, healMs: ms(t1), fidelity: f.fidelity };
  };
  for (const [kind, params] of faultCases) {
    const one = await time(kind, params, [ids[0]!]);
    const all = await time(kind, params, ids);
    out.push({
      kind,
      fidelity: one.fidelity,
      one: { applyMs: one.applyMs, healMs: one.healMs },
      all: { applyMs: all.applyMs, healMs: all.healMs, targets: ids.length },
    });
  }
}

/** The namespace engine: a fresh lab with the same clients as the Docker side. */
async function namespaceEngine(n: number): Promise<EngineResult> {
  const lab = new Lab({ prefix: PREFIX });
  const out: EngineResult = { engine: 'namespaces', n, connected: 0, clientsUpMs: 0, samples: [] };
  try {
    await lab.start();
    await lab.startBoard();
    const t0 = performance.now();
    const ids: string[] = [];
    for (const [kind, count] of mixCounts(n))
      ids.push(...(await lab.addClients({ kind, count })).map((c) => c.id));
    out.connected = await waitConnected(lab, ids, 180_000);
    out.clientsUpMs = ms(t0);
    await measureFaults(lab, ids, out);
  } finally {
    await lab.stop();
  }
  return out;
}

async function dockerEngine(n: number): Promise<EngineResult> {
  const out: EngineResult = { engine: 'docker', n, connected: 0, clientsUpMs: 0, samples: [] };
  const why = privateDockerdUnavailable();
  if (why) return { ...out, error: `skipped: ${why}` };
  const d = await startDockerLab(
    mixCounts(n),
    (lab, ids) => waitConnected(lab, ids, 180_000),
    (m) => process.stdout.write(`${m}\n`),
  );
  let problems: string[] = [];
  try {
    out.connected = d.connected;
    out.clientsUpMs = d.clientsUpMs;
    await measureFaults(d.lab, d.ids, out);
  } catch (e) {
    out.error = (e as Error).message;
  } finally {
    problems = await d.stop();
  }
  if (problems.length) out.error = [out.error, ...problems].filter(Boolean).join('; ');
  return out;
}

function engineTable(ns: EngineResult, dk: EngineResult | undefined): string {
  const up = (r: EngineResult) => `${r.connected}/${r.n} in ${r.clientsUpMs} ms`;
  const all = (r: EngineResult | undefined) =>
    r?.all ? `${r.all.applyMs} / ${r.all.healMs} ms (${r.all.targets})` : '-';
  return table(
    [
      '',
      'namespaces: mean detected',
      'docker: mean detected',
      'docker - ns (95 %)',
      'ns apply / heal',
      'docker apply / heal',
    ],
    [
      ['clients up', up(ns), dk ? (dk.error && !dk.n ? '-' : up(dk)) : '-', '', '', ''],
      ...comparisonRows(ns, dk),
      [`${ns.all?.kind ?? 'blackhole'} on all`, '', '', '', all(ns), all(dk)],
    ],
  );
}

function table(headers: string[], rows: (string | number)[][]): string {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(w[i]!)).join('  ');
  return [line(headers), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

/** The namespace engine's start-up and fault timings against their baselines (printed). */
async function labStartUpTables() {
  const seq = await sequentialHosts(N);
  const par = await batchedHosts(N);
  const timings: FaultTiming[] = [];
  const bundled = await labStartUp(N, true, (lab, ids) => faultTimings(lab, ids, timings));
  const tsx = await labStartUp(quick ? 10 : 20, false);
  // Start-up is CPU-bound (50 node processes): the machine's load is part of the result.
  const load = loadavg().map((l) => l.toFixed(1));
  process.stdout.write(
    `\nLab start-up (${N} hosts / clients), ${cpus().length} CPUs, load ${load.join(' ')}, kernel ${release()}\n\n`,
  );
  process.stdout.write(
    table(
      ['what', 'baseline', 'lab', 'note'],
      [
        [`${N} host namespaces + veths`, `${seq} ms (sequential ip)`, `${par} ms (batched, parallel)`, ''],
        ['lab start (switch, hub, bundle)', '-', `${bundled.labStartMs} ms`, ''],
        ['board start (pulseboard serve)', '-', `${bundled.boardMs} ms`, 'tsx-compiled server'],
        [
          `clients until all connected`,
          `${tsx.clientsMs} ms for ${quick ? 10 : 20} (tsx per client)`,
          `${bundled.clientsMs} ms for ${N} (esbuild bundle)`,
          `${bundled.connected}/${N} connected`,
        ],
        [
          `total, ${N} clients (target <= 10000 ms)`,
          '-',
          `${bundled.totalMs} ms`,
          bundled.totalMs <= 10_000 ? 'OK' : 'OVER',
        ],
      ],
    ) + '\n\n',
  );
  process.stdout.write(`Fault apply / heal time (1 client vs all ${N})\n\n`);
  process.stdout.write(
    table(
      ['fault', 'fidelity', 'apply 1', 'heal 1', `apply ${N}`, `heal ${N}`],
      timings.map((t) => [
        t.kind,
        t.fidelity,
        `${t.one.applyMs} ms`,
        `${t.one.healMs} ms`,
        `${t.all.applyMs} ms`,
        `${t.all.healMs} ms`,
      ]),
    ) + '\n',
  );
  return { hosts: { sequentialMs: seq, batchedMs: par }, startUp: { bundled, tsx }, faults: timings };
}

async function main(): Promise<void> {
  await run(
    'sh',
    ['-c', `for n in $(ip netns list | cut -d' ' -f1 | grep '^${PREFIX}-'); do ip netns del $n; done`],
    {
      allowFail: true,
    },
  );
  const startUp = enginesOnly ? undefined : await labStartUpTables();
  const nsEngine = await namespaceEngine(N);
  const dockerLoad = loadavg().map((l) => l.toFixed(1));
  const dkEngine = withDocker ? await dockerEngine(N).catch((e: unknown) => errorResult(N, e)) : undefined;
  process.stdout.write(
    `\nBoth engines, ${N} clients (${mixCounts(N)
      .map(([k, c]) => `${c} ${k}`)
      .join(
        ', ',
      )}); one client faulted at a time, ${samplesPer} per cell, offline detection from the fault's start` +
      ` (load before the docker run ${dockerLoad.join(' ')})\n\n`,
  );
  process.stdout.write(engineTable(nsEngine, dkEngine) + '\n');
  if (dkEngine?.error) process.stdout.write(`docker: ${dkEngine.error}\n`);
  const dir = join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `lab-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        quick,
        n: N,
        cpus: cpus().length,
        loadavg: loadavg(),
        kernel: release(),
        ...startUp,
        engines: { namespaces: nsEngine, docker: dkEngine ?? null },
      },
      null,
      2,
    ),
  );
  process.stdout.write(`\nwrote ${file}\n`);
}

function errorResult(n: number, e: unknown): EngineResult {
  return { engine: 'docker', n: 0, connected: 0, clientsUpMs: 0, samples: [], error: (e as Error).message };
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/lab: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
