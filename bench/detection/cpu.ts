import { spawnProbeClient } from '@pulseboard/harness/ns/index';
import { CONFIGS } from './configs.js';
import type { Ctx } from './run.js';

// Server CPU per idle connection: the bench process's own CPU time (user + system, so the
// syscalls of pings, pongs and TCP_INFO count) while N idle connections of one configuration are
// open, minus the same window with none open. Configurations are measured one after another.

export interface CpuResult {
  config: string;
  label: string;
  connections: number;
  windowMs: number;
  /** CPU ms used in the window, idle baseline subtracted. */
  cpuMs: number;
  /** Percent of one core per idle connection. */
  percentPerConnection: number;
}

const MEASURED = ['v1-ws', 'ws', 'v1-tcp', 'tcp'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function cpuOver(ms: number): Promise<number> {
  const start = process.cpuUsage();
  await sleep(ms);
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

export async function measureIdleCpu(
  ctx: Ctx,
  opts: { connections: number; windowMs: number },
): Promise<CpuResult[]> {
  const base = await cpuOver(opts.windowMs);
  const results: CpuResult[] = [];
  for (const [i, name] of MEASURED.entries()) {
    const config = CONFIGS.find((c) => c.name === name);
    if (!config) continue;
    const host = await ctx.lab.addHost(`c${i}`);
    const conns = Array.from({ length: opts.connections }, (_, k) => ({
      id: `c${i}.${name}.idle.${k}`,
      transport: config.transport,
    }));
    const probe = spawnProbeClient(host, { server: ctx.lab.serverAddress, ...ctx.ports, connections: conns });
    await probe.ready;
    const watched = await Promise.all(conns.map((c) => ctx.server.watchFor(c.id)));
    await sleep(2000); // past the first beats and samples
    const used = (await cpuOver(opts.windowMs)) - base;
    watched.forEach((w) => w.dispose());
    probe.child.kill('SIGKILL');
    results.push({
      config: name,
      label: config.label,
      connections: opts.connections,
      windowMs: opts.windowMs,
      cpuMs: used,
      percentPerConnection: (100 * used) / opts.windowMs / opts.connections,
    });
    process.stdout.write('.');
  }
  return results;
}
