import { spawnProbeClient } from '@pulseboard/harness/ns/index';
import { CONFIGS } from './configs.js';
import type { Ctx } from './run.js';

// Server CPU per idle connection: the bench process's own CPU time (user + system, so the
// syscalls of pings, pongs and TCP_INFO count) while N idle connections of one configuration are
// open, minus a window with none open just before. The machine is shared and noisy, so the
// configurations take turns for several rounds and the median round counts.

export interface CpuResult {
  config: string;
  label: string;
  connections: number;
  windowMs: number;
  /** Percent of one core per idle connection (median round). */
  percentPerConnection: number;
  /** Every round's figure, for the JSON. */
  rounds: number[];
}

const MEASURED = ['v1-ws', 'ws-ping', 'ws', 'v1-tcp', 'tcp'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function cpuOver(ms: number): Promise<number> {
  const start = process.cpuUsage();
  await sleep(ms);
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

export async function measureIdleCpu(
  ctx: Ctx,
  opts: { connections: number; windowMs: number; rounds: number },
): Promise<CpuResult[]> {
  const configs = MEASURED.map((name) => CONFIGS.find((c) => c.name === name)).filter((c) => !!c);
  const rounds = new Map<string, number[]>(configs.map((c) => [c.name, []]));
  let hostN = 0;
  for (let round = 0; round < opts.rounds; round++) {
    for (const config of configs) {
      const host = await ctx.lab.addHost(`c${hostN++}`);
      const conns = Array.from({ length: opts.connections }, (_, k) => ({
        id: `${host.name}.${config.name}.idle.${k}`,
        transport: config.transport,
      }));
      const base = await cpuOver(opts.windowMs / 2);
      const probe = spawnProbeClient(host, {
        server: ctx.lab.serverAddress,
        ...ctx.ports,
        connections: conns,
      });
      await probe.ready;
      const watched = await Promise.all(conns.map((c) => ctx.server.watchFor(c.id)));
      await sleep(2000); // past the first beats and samples
      const used = (await cpuOver(opts.windowMs)) - 2 * base;
      watched.forEach((w) => w.dispose());
      probe.child.kill('SIGKILL');
      rounds.get(config.name)!.push((100 * used) / opts.windowMs / opts.connections);
      process.stdout.write('.');
    }
  }
  return configs.map((config) => {
    const all = rounds.get(config.name)!;
    const sorted = [...all].sort((a, b) => a - b);
    return {
      config: config.name,
      label: config.label,
      connections: opts.connections,
      windowMs: opts.windowMs,
      percentPerConnection: sorted[Math.floor((sorted.length - 1) / 2)]!,
      rounds: all,
    };
  });
}
