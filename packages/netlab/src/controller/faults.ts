import type { ChildProcess } from 'node:child_process';
import { run, nft } from '../util/exec.js';
import { applyHarnessFault } from './harness-adapter.js';
import { applyDelay } from '../impair/delay.js';
import { deleteTableScript, partitionScript } from '../impair/nft-rules.js';
import type { FaultKind, FaultParams, Fidelity } from '../types.js';

// Turns a fault request into kernel (or userspace) changes and back. One fault = one
// `Applied` with its own heal, so faults overlap and heal independently.

export interface FaultHost {
  id: string;
  ns: string;
  /** Port of the host's veth on the switch. */
  port: string;
  address: string;
  kind?: string;
}

export interface FaultContext {
  switchNs: string;
  /** The lab's /16 network address, e.g. "10.150.0.0". */
  subnet: string;
  host(id: string): FaultHost;
  /** The processes running in a host (the harness signals or kills them for fin/power-off). */
  processes(id: string): ChildProcess[];
  relayCommand: string[];
  netem: boolean;
}

export interface Applied {
  fidelity: Fidelity;
  /** True when the fault is over as soon as it is applied (fin, rst). */
  instant: boolean;
  heal(): Promise<void>;
}

function table(faultId: string): string {
  return `pblf_${faultId.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

async function perHost(
  targets: FaultHost[],
  fn: (h: FaultHost) => Promise<() => Promise<void>>,
): Promise<Applied> {
  const heals = await Promise.all(targets.map(fn));
  return {
    fidelity: 'kernel',
    instant: false,
    heal: async () => void (await Promise.all(heals.map((h) => h()))),
  };
}

/**
 * Many cables at once (a switch dying): one `ip -batch` in the switch namespace, so every port
 * goes down within a millisecond or so instead of one `ip` process per port (~5 ms each).
 */
async function switchPortsDown(switchNs: string, targets: FaultHost[]): Promise<Applied> {
  const batch = (state: string) => targets.map((h) => `link set ${h.port} ${state}`).join('\n') + '\n';
  await run('ip', ['-n', switchNs, '-batch', '-'], { input: batch('down') });
  return {
    fidelity: 'kernel',
    instant: false,
    heal: async () =>
      void (await run('ip', ['-n', switchNs, '-force', '-batch', '-'], { input: batch('up') })),
  };
}

export function validateParams(kind: FaultKind, p: FaultParams): void {
  if (kind === 'loss' && !(typeof p.percent === 'number' && p.percent >= 1 && p.percent <= 100))
    throw new TypeError('loss needs params.percent between 1 and 100');
  if (kind === 'delay' && !(typeof p.delayMs === 'number' && p.delayMs >= 0))
    throw new TypeError('delay needs params.delayMs >= 0');
  if (kind === 'bandwidth' && !(typeof p.rateKbit === 'number' && p.rateKbit > 0))
    throw new TypeError('bandwidth needs params.rateKbit > 0');
  if (kind === 'partition' && (!p.map || typeof p.map !== 'object'))
    throw new TypeError('partition needs params.map: { id: [ids it cannot reach] }');
}

export async function applyFault(
  ctx: FaultContext,
  faultId: string,
  kind: FaultKind,
  targetIds: string[],
  params: FaultParams,
): Promise<Applied> {
  validateParams(kind, params);
  const targets = kind === 'partition' ? [] : targetIds.map((id) => ctx.host(id));
  if (kind === 'cable-pull' && targets.length > 1) return switchPortsDown(ctx.switchNs, targets);
  switch (kind) {
    case 'blackhole':
    case 'cable-pull':
    case 'power-off':
    case 'rst':
    case 'fin':
    case 'loss': {
      const heals = await Promise.all(
        targets.map((h) =>
          applyHarnessFault(
            {
              name: h.id,
              ns: h.ns,
              address: h.address,
              port: h.port,
              switchNs: ctx.switchNs,
              processes: ctx.processes(h.id),
            },
            kind,
            params.percent,
          ),
        ),
      );
      const instant = kind === 'fin';
      return {
        fidelity: 'kernel',
        instant,
        heal: async () => void (await Promise.all(heals.map((x) => x()))),
      };
    }
    case 'bandwidth':
      // tbf on both ends of the host's veth: egress of eth0 and egress of the switch port.
      return perHost(targets, async (h) => {
        const rate = `${Math.round(params.rateKbit ?? 1000)}kbit`;
        const tbf = ['root', 'tbf', 'rate', rate, 'burst', '16kbit', 'latency', '100ms'];
        await run('ip', ['netns', 'exec', h.ns, 'tc', 'qdisc', 'replace', 'dev', 'eth0', ...tbf]);
        await run('ip', ['netns', 'exec', ctx.switchNs, 'tc', 'qdisc', 'replace', 'dev', h.port, ...tbf]);
        return async () => {
          await run('ip', ['netns', 'exec', h.ns, 'tc', 'qdisc', 'del', 'dev', 'eth0', 'root'], {
            allowFail: true,
          });
          await run('ip', ['netns', 'exec', ctx.switchNs, 'tc', 'qdisc', 'del', 'dev', h.port, 'root'], {
            allowFail: true,
          });
        };
      });
    case 'delay': {
      const d = params.delayMs ?? 0;
      const j = params.jitterMs ?? 0;
      if (ctx.netem) {
        const applied = await perHost(targets, async (h) => {
          await run('ip', [
            'netns',
            'exec',
            h.ns,
            'tc',
            'qdisc',
            'replace',
            'dev',
            'eth0',
            'root',
            'netem',
            'delay',
            `${d}ms`,
            `${j}ms`,
          ]);
          return async () =>
            void (await run('ip', ['netns', 'exec', h.ns, 'tc', 'qdisc', 'del', 'dev', 'eth0', 'root'], {
              allowFail: true,
            }));
        });
        return applied;
      }
      const handles = await Promise.all(
        targets.map((h) =>
          applyDelay({ ns: h.ns, address: h.address, subnet: ctx.subnet }, d, j, ctx.relayCommand),
        ),
      );
      return {
        fidelity: 'userspace',
        instant: false,
        heal: async () => void (await Promise.all(handles.map((x) => x.heal()))),
      };
    }
    case 'partition': {
      const pairs: [string, string][] = [];
      for (const [from, tos] of Object.entries(params.map ?? {})) {
        for (const to of tos) pairs.push([ctx.host(from).address, ctx.host(to).address]);
      }
      const t = table(faultId);
      await nft(partitionScript(t, pairs), ctx.switchNs);
      return {
        fidelity: 'kernel',
        instant: false,
        heal: async () => void (await nft(deleteTableScript('bridge', t), ctx.switchNs, { allowFail: true })),
      };
    }
  }
}
