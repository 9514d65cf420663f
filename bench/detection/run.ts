// npm run bench:detection [-- --quick]
// Side-by-side detection latency of five server configurations under the same faults, and
// false "dead" rates under random loss. Every trial is one virtual host whose single client
// process holds one connection per configuration and mode, so all configurations see the very
// same fault at the very same moment.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { applyFault, type FaultKind } from '@pulseboard/netlab/faults/index';
import { cleanupLeftovers, createLab, spawnProbeClient, type Lab } from '@pulseboard/netlab/ns/index';
import { CONFIGS, type Detection } from './configs.js';
import { BenchServer } from './server.js';
import { formatMs, renderTable, summarize } from './stats.js';

const quick = process.argv.includes('--quick');
const TRIALS = quick ? 3 : 10;
const CAP_MS = quick ? 20_000 : 30_000;
const CONCURRENCY = quick ? 6 : 10;
const LOSS_WINDOW_MS = quick ? 20_000 : 60_000;
const LOSS_COPIES = quick ? 2 : 4;
const FAULTS: Exclude<FaultKind, 'loss'>[] = ['blackhole', 'power-off'];
const MODES = ['idle', 'stream'] as const;
const LOSSES = [1, 5, 10];
const PREFIX = 'pbb';

type Mode = (typeof MODES)[number];
interface TrialResult {
  fault: FaultKind;
  trial: number;
  byConn: Record<string, { latencyMs: number | null; cause: string | null }>;
}
interface LossResult {
  lossPercent: number;
  byConn: Record<string, { deaths: number; exposureMs: number; causes: string[] }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = (config: string, mode: Mode) => `${config}.${mode}`;

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.error('bench:detection needs root (network namespaces, veth, nftables)');
    process.exit(1);
  }
  await cleanupLeftovers(PREFIX);
  const lab = await createLab({ prefix: PREFIX });
  const onSignal = () => void lab.destroy().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = Date.now();
  try {
    const tcp = await lab.listen();
    const wsTcp = await lab.listen();
    const ports = {
      tcpPort: (tcp.address() as { port: number }).port,
      wsPort: (wsTcp.address() as { port: number }).port,
    };
    const server = new BenchServer(tcp, wsTcp);
    const ctx = { lab, server, ports };

    console.log(
      `detection: ${FAULTS.length} faults x ${TRIALS} trials, cap ${CAP_MS / 1000} s, ${CONCURRENCY} at a time`,
    );
    const jobs = FAULTS.flatMap((fault) => Array.from({ length: TRIALS }, (_, trial) => ({ fault, trial })));
    const trials = await pool(jobs, CONCURRENCY, (j, n) => runTrial(ctx, `d${n}`, j.fault, j.trial));

    console.log(
      `false dead: loss ${LOSSES.join('/')} % for ${LOSS_WINDOW_MS / 1000} s, ${LOSS_COPIES} connections each`,
    );
    const losses = await Promise.all(LOSSES.map((p, n) => runLoss(ctx, `l${n}`, p)));

    report(trials, losses, Date.now() - started);
  } finally {
    await lab.destroy();
  }
}

interface Ctx {
  lab: Lab;
  server: BenchServer;
  ports: { tcpPort: number; wsPort: number };
}

async function connectAll(ctx: Ctx, hostName: string, copies: number) {
  const host = await ctx.lab.addHost(hostName);
  const conns = CONFIGS.flatMap((c) =>
    MODES.flatMap((mode) =>
      Array.from({ length: copies }, (_, k) => ({
        id: `${hostName}.${c.name}.${mode}.${k}`,
        transport: c.transport,
        c,
        mode,
      })),
    ),
  );
  const probe = spawnProbeClient(host, { server: ctx.lab.serverAddress, ...ctx.ports, connections: conns });
  await probe.ready;
  const watched = await Promise.all(conns.map((x) => ctx.server.watchFor(x.id)));
  return { host, conns, watched };
}

async function runTrial(
  ctx: Ctx,
  hostName: string,
  fault: Exclude<FaultKind, 'loss'>,
  trial: number,
): Promise<TrialResult> {
  const { host, conns, watched } = await connectAll(ctx, hostName, 1);
  const outcome = watched.map((w) => {
    let d: Detection | null = null;
    void w.detected.then((x) => (d = x));
    return () => d;
  });
  // A random phase against the 1 s keepalive / 250 ms heartbeat rhythms. The fault's packet
  // filter starts on a kernel-clock second, so its start is exact however busy the machine is.
  const f = await applyFault(host, { kind: fault }, { at: Date.now() + 1500 + Math.random() * 1000 });
  await Promise.race([Promise.all(watched.map((w) => w.detected)), sleep(CAP_MS)]);
  const byConn: TrialResult['byConn'] = {};
  conns.forEach((c, i) => {
    const d = outcome[i]!();
    // A detection before the fault would be a false alarm; count it as a failed trial.
    const latency = d && d.at >= f.effectiveAt ? d.at - f.effectiveAt : null;
    byConn[key(c.c.name, c.mode)] = { latencyMs: latency, cause: d?.cause ?? null };
  });
  watched.forEach((w) => w.dispose());
  await f.heal();
  process.stdout.write('.');
  return { fault, trial, byConn };
}

async function runLoss(ctx: Ctx, hostName: string, lossPercent: number): Promise<LossResult> {
  const { host, conns, watched } = await connectAll(ctx, hostName, LOSS_COPIES);
  const f = await applyFault(host, { kind: 'loss', percent: lossPercent });
  const end = f.effectiveAt + LOSS_WINDOW_MS;
  const deathAt: (Detection | null)[] = watched.map(() => null);
  watched.forEach((w, i) => void w.detected.then((d) => (deathAt[i] = d)));
  await sleep(LOSS_WINDOW_MS);
  const byConn: LossResult['byConn'] = {};
  conns.forEach((c, i) => {
    const k = key(c.c.name, c.mode);
    const r = (byConn[k] ??= { deaths: 0, exposureMs: 0, causes: [] });
    const d = deathAt[i] ?? null;
    const died = d !== null && d.at <= end;
    r.deaths += died ? 1 : 0;
    if (died) r.causes.push(d.cause);
    r.exposureMs += Math.max(0, (died ? d.at : end) - f.effectiveAt);
  });
  watched.forEach((w) => w.dispose());
  await f.heal();
  return { lossPercent, byConn };
}

async function pool<J, R>(jobs: J[], limit: number, fn: (job: J, n: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const n = next++;
      // Stagger starts: two cores start many tsx clients at once otherwise.
      await sleep((n % limit) * 150);
      results[n] = await fn(jobs[n]!, n);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

function report(trials: TrialResult[], losses: LossResult[], elapsedMs: number): void {
  const header = ['configuration', 'mode'];
  for (const f of FAULTS) header.push(`${f} p50`, 'p95', 'max');
  for (const p of LOSSES) header.push(`dead/min @${p}%`);
  const rows: string[][] = [];
  const detection: unknown[] = [];
  const falseDead: unknown[] = [];
  for (const c of CONFIGS) {
    for (const mode of MODES) {
      const k = key(c.name, mode);
      const row = [c.label, mode];
      for (const fault of FAULTS) {
        const results = trials.filter((t) => t.fault === fault).map((t) => t.byConn[k]!);
        const values = results.map((r) => r.latencyMs ?? Infinity);
        const s = summarize(values);
        row.push(formatMs(s.p50, CAP_MS), formatMs(s.p95, CAP_MS), formatMs(s.max, CAP_MS));
        detection.push({
          config: c.name,
          mode,
          fault,
          latenciesMs: results.map((r) => r.latencyMs),
          causes: results.map((r) => r.cause),
          p50: finite(s.p50),
          p95: finite(s.p95),
          max: finite(s.max),
        });
      }
      for (const l of losses) {
        const r = l.byConn[k]!;
        const perMin = r.deaths / (r.exposureMs / 60_000);
        row.push(perMin.toFixed(2));
        falseDead.push({ config: c.name, mode, lossPercent: l.lossPercent, ...r, perMinute: perMin });
      }
      rows.push(row);
    }
  }
  const table = renderTable(header, rows);
  console.log(`\n\n${table}\n`);
  console.log(
    `latency = server detection time - fault start (exact: nft \`meta time\` starts it on a kernel-clock second); ` +
      `"> ${CAP_MS / 1000} s" = not detected within the cap. ` +
      `${TRIALS} trials per fault; loss windows ${LOSS_WINDOW_MS / 1000} s x ${LOSS_COPIES} connections; ` +
      `elapsed ${(elapsedMs / 1000).toFixed(0)} s`,
  );
  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`detection-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, dir);
  const json = {
    bench: 'detection',
    at: new Date().toISOString(),
    quick,
    machine: { kernel: release(), cpus: cpus().length, node: process.version },
    settings: { trials: TRIALS, capMs: CAP_MS, lossWindowMs: LOSS_WINDOW_MS, lossCopies: LOSS_COPIES },
    configs: CONFIGS.map((c) => ({ name: c.name, label: c.label, transport: c.transport })),
    detection,
    falseDead,
    table,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${file.pathname}`);
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
