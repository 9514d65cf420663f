import type { FaultKind, FaultParams, Fidelity } from '../types.js';

// A fault as data: the steps that apply it and the steps that heal it, on the hosts of an
// engine (engine/engine.ts). The same plan runs on both engines; each says how it does a step:
//  - exec: commands in the host's network namespace (namespaces: `ip netns exec`; Docker: a
//    short-lived helper container sharing the target's namespace, NET_ADMIN, the lab image);
//  - signal: to the host's processes (namespaces: the processes the lab spawned there;
//    Docker: the container, whose init forwards it);
//  - link: the host's cable (namespaces: its port on the lab switch; Docker: its eth0);
//  - disconnect/connect: off/on its networks (Docker only: a Docker-native cut);
//  - relay/unrelay: the userspace delay path (namespaces only, where there is no netem).
// Steps of one host run in order, different hosts in parallel. Kinds planned here alike for
// both engines: blackhole, rst, loss (one nft table of the fault's own in the target's
// namespace, so faults overlap and heal independently), power-off (blackhole, then SIGKILL:
// the dying process's FIN/RST never leaves), cable-pull, fin (SIGUSR2: the client closes
// gracefully) and bandwidth (tbf on the host's egress; the namespace engine adds the switch
// side). Partition and delay are each engine's own (engine/namespaces.ts, docker/plan.ts).

export interface Command {
  cmd: string;
  args: string[];
  input?: string;
}

export type Step =
  | { do: 'exec'; host: string; commands: Command[] }
  | { do: 'signal'; host: string; signal: 'SIGKILL' | 'SIGUSR2' }
  | { do: 'link'; host: string; state: 'down' | 'up' }
  | { do: 'disconnect' | 'connect'; host: string }
  | { do: 'relay'; host: string; delayMs: number; jitterMs: number }
  | { do: 'unrelay'; host: string };

export interface Plan {
  /** The fault is in effect once these have run (each engine says when, engine/engine.ts). */
  apply: Step[];
  /** Run after it is in effect (power-off's kill). */
  after: Step[];
  /** Undo, failures ignored (a killed container took its namespace with it). */
  heal: Step[];
  /** Over as soon as applied (fin): nothing stays to heal. */
  instant: boolean;
  fidelity: Fidelity;
}

export function emptyPlan(fidelity: Fidelity = 'kernel'): Plan {
  return { apply: [], after: [], heal: [], instant: false, fidelity };
}

/** Several plans as one (steps of different hosts run in parallel anyway). */
export function mergePlans(plans: Plan[]): Plan {
  return {
    apply: plans.flatMap((p) => p.apply),
    after: plans.flatMap((p) => p.after),
    heal: plans.flatMap((p) => p.heal),
    instant: plans.length > 0 && plans.every((p) => p.instant),
    fidelity: plans.some((p) => p.fidelity === 'userspace') ? 'userspace' : 'kernel',
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

/** The fault's own nft table name. */
export function faultTable(faultId: string): string {
  return `pblf_${faultId.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** One nft table in the host's namespace with a rule per direction. */
export function filterTable(table: string, input: string, output: string): string {
  return [
    `table inet ${table} {`,
    `  chain in { type filter hook input priority -300; policy accept; ${input}; }`,
    `  chain out { type filter hook output priority -300; policy accept; ${output}; }`,
    '}',
    '',
  ].join('\n');
}

export const nftCommand = (input: string): Command => ({ cmd: 'nft', args: ['-f', '-'], input });

export const exec = (host: string, ...commands: Command[]): Step => ({ do: 'exec', host, commands });

/** tbf on a device's egress. */
export function tbf(dev: string, rateKbit: number): Command {
  const rate = `${Math.round(rateKbit)}kbit`;
  return {
    cmd: 'tc',
    args: [
      'qdisc',
      'replace',
      'dev',
      dev,
      'root',
      'tbf',
      'rate',
      rate,
      'burst',
      '16kbit',
      'latency',
      '100ms',
    ],
  };
}

export const delQdisc = (dev: string): Command => ({ cmd: 'tc', args: ['qdisc', 'del', 'dev', dev, 'root'] });

function filterRules(kind: FaultKind, params: FaultParams): [string, string] | undefined {
  switch (kind) {
    case 'blackhole':
    case 'power-off':
      return ['drop', 'drop'];
    case 'loss': {
      // Each direction independently: dropped when a fresh random number mod 100 < N.
      const rule = `numgen random mod 100 < ${Math.round(params.percent ?? 0)} drop`;
      return [rule, rule];
    }
    case 'rst':
      // The host answers whatever TCP the peer sends next with a reset; its own sockets are
      // left alone, like a machine that rebooted and no longer knows the connection.
      return ['meta l4proto tcp reject with tcp reset', 'meta l4proto tcp tcp flags & rst == 0 drop'];
    default:
      return undefined;
  }
}

/** Kinds planned alike on every engine, per target host. */
export const hostFaultKinds: readonly FaultKind[] = [
  'blackhole',
  'rst',
  'loss',
  'power-off',
  'cable-pull',
  'fin',
  'bandwidth',
];

/** The plan of one fault of a `hostFaultKinds` kind on one host (pure: unit-tested). */
export function planHostFault(kind: FaultKind, host: string, params: FaultParams, table: string): Plan {
  if (!hostFaultKinds.includes(kind)) throw new TypeError(`${kind} is planned by each engine`);
  validateParams(kind, params);
  const plan = emptyPlan();
  const rules = filterRules(kind, params);
  if (rules) {
    plan.apply.push(exec(host, nftCommand(filterTable(table, ...rules))));
    plan.heal.push(exec(host, nftCommand(`delete table inet ${table}\n`)));
  }
  switch (kind) {
    case 'power-off':
      plan.after.push({ do: 'signal', host, signal: 'SIGKILL' });
      // Its processes are gone and stay gone; the filter is lifted on heal (power on).
      break;
    case 'cable-pull':
      plan.apply.push({ do: 'link', host, state: 'down' });
      plan.heal.push({ do: 'link', host, state: 'up' });
      break;
    case 'fin':
      plan.apply.push({ do: 'signal', host, signal: 'SIGUSR2' });
      plan.instant = true;
      break;
    case 'bandwidth':
      plan.apply.push(exec(host, tbf('eth0', params.rateKbit ?? 1000)));
      plan.heal.push(exec(host, delQdisc('eth0')));
      break;
    default:
      break;
  }
  return plan;
}
