// npm run bench:detection [-- --quick]
// Side-by-side detection latency of today's and the v2 server configurations (and peers) under
// the same faults, false "dead" rates under random loss, and server CPU per idle connection.
// Every trial is one virtual host whose single client process holds one connection per
// configuration and mode, so all configurations see the very same fault at the very same moment.
// Full: 10 trials per fault; loss 1 % and 5 % for 10 min x 10 connections per configuration and
// mode, all windows in parallel (~14 min). Quick: 3 trials, 60 s x 3 connections (~3 min).
import { loadavg } from 'node:os';
import { applyFault, type FaultKind } from '@pulseboard/harness/faults/index';
import { cleanupLeftovers, createLab, spawnProbeClient, type Lab } from '@pulseboard/harness/ns/index';
import { CONFIGS, type Detection } from './configs.js';
import { measureIdleCpu, type CpuResult } from './cpu.js';
import { report } from './report.js';
import { BenchServer } from './server.js';
import {
  CAP_MS,
  CONCURRENCY,
  CPU,
  FAULTS,
  LOSS_COPIES,
  LOSS_WINDOW_MS,
  LOSSES,
  MODES,
  PREFIX,
  TRIALS,
  cpuOnly,
  key,
  type LossResult,
  type TrialResult,
} from './settings.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

    if (cpuOnly) {
      const cpu = await measureIdleCpu(ctx, CPU);
      for (const c of cpu)
        console.log(
          `${c.label}: ${c.percentPerConnection.toFixed(4)} % core/conn (${c.rounds.map((r) => r.toFixed(4)).join(' ')})`,
        );
      return;
    }
    console.log(
      `detection: ${FAULTS.length} faults x ${TRIALS} trials, cap ${CAP_MS / 1000} s, ${CONCURRENCY} at a time`,
    );
    const jobs = FAULTS.flatMap((fault) => Array.from({ length: TRIALS }, (_, trial) => ({ fault, trial })));
    const trials = await pool(jobs, CONCURRENCY, (j, n) => runTrial(ctx, `d${n}`, j.fault, j.trial));

    const loadAtTrials = loadavg()[0]!;

    console.log(
      `\nfalse dead: loss ${LOSSES.join('/')} % for ${LOSS_WINDOW_MS / 1000} s, ${LOSS_COPIES} connections each`,
    );
    const losses = await Promise.all(LOSSES.map((p, n) => runLoss(ctx, `l${n}`, p)));
    const loadAtLoss = loadavg()[0]!;

    console.log(
      `server CPU per idle connection: ${CPU.connections} connections, ${CPU.windowMs / 1000} s each`,
    );
    const cpu: CpuResult[] = await measureIdleCpu(ctx, CPU);

    report({ trials, losses, cpu, elapsedMs: Date.now() - started, load: { loadAtTrials, loadAtLoss } });
  } finally {
    await lab.destroy();
  }
}

export interface Ctx {
  lab: Lab;
  server: BenchServer;
  ports: { tcpPort: number; wsPort: number };
}

async function connectAll(ctx: Ctx, hostName: string, copies: number, withPeers = true) {
  const host = await ctx.lab.addHost(hostName);
  const conns = CONFIGS.filter((c) => withPeers || !c.peer).flatMap((c) =>
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
    byConn[key(c.c.name, c.mode)] = {
      latencyMs: latency,
      cause: d?.cause ?? null,
      detail: d?.detail ?? null,
    };
  });
  watched.forEach((w) => w.dispose());
  await f.heal();
  process.stdout.write('.');
  return { fault, trial, byConn };
}

async function runLoss(ctx: Ctx, hostName: string, lossPercent: number): Promise<LossResult> {
  const { host, conns, watched } = await connectAll(ctx, hostName, LOSS_COPIES, false);
  const f = await applyFault(host, { kind: 'loss', percent: lossPercent });
  const end = f.effectiveAt + LOSS_WINDOW_MS;
  const deathAt: (Detection | null)[] = watched.map(() => null);
  watched.forEach((w, i) => void w.detected.then((d) => (deathAt[i] = d)));
  await sleep(LOSS_WINDOW_MS);
  const byConn: LossResult['byConn'] = {};
  conns.forEach((c, i) => {
    const k = key(c.c.name, c.mode);
    const r = (byConn[k] ??= { deaths: 0, exposureMs: 0, causes: [], details: [] });
    const d = deathAt[i] ?? null;
    const died = d !== null && d.at <= end;
    r.deaths += died ? 1 : 0;
    if (died) r.causes.push(d.cause);
    if (died) r.details.push(d.detail ?? '');
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

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
