import { validateParams } from '../controller/faults.js';
import { faultKinds, type FaultKind, type FaultParams } from '../types.js';

// A fault on the Docker engine as data: the steps that apply it and the steps that heal it,
// each one of three kinds the engine runs through the Docker API (docker/lab-faults.ts):
//  - helper: commands run by a short-lived helper container in the target's network namespace
//    (`network_mode: container:<id>`, NET_ADMIN, the lab image), so nothing needs root or
//    nsenter on the Docker host, and a remote DOCKER_HOST works the same;
//  - signal: a signal to the target (SIGKILL for power-off, SIGUSR2 for fin);
//  - disconnect/connect: a Docker-native cut of the target from its networks (partition).
// Kinds:
//  - blackhole: drop everything, both ways; rst: answer TCP with resets (the peer "rebooted");
//    loss: `numgen random mod 100 < N drop` per direction (as the harness, faults/nft.ts).
//  - cable-pull: the container's eth0 down, up on heal.
//  - power-off: blackhole, then SIGKILL: the dying process's FIN/RST never leaves. In effect
//    once the blackhole is, before the kill.
//  - fin: SIGUSR2 to the client (forwarded by the container's init): it closes gracefully.
//  - bandwidth: tbf on the container's eth0 (its egress: the helper cannot reach the veth's
//    host side, so unlike the namespace engine the board's direction is not shaped).
//  - partition: a two-way cut between a client and the board is `docker network disconnect`
//    (connect on heal); a one-way cut is an nft drop in the client's namespace.
//  - delay: refused (see `refusedByDocker`).

export interface Command {
  cmd: string;
  args: string[];
  input?: string;
}

export type Step =
  | { do: 'helper'; container: string; commands: Command[] }
  | { do: 'signal'; container: string; signal: 'SIGKILL' | 'SIGUSR2' }
  | { do: 'disconnect' | 'connect'; container: string };

export interface DockerPlan {
  /** Run in order; the fault is in effect once the last of these has (its helper says when). */
  apply: Step[];
  /** Run after it is in effect (power-off's kill). */
  after: Step[];
  /** Undo, failures ignored (a killed container took its namespace with it). */
  heal: Step[];
  instant: boolean;
}

/** A client container the fault is aimed at. */
export interface DockerTarget {
  /** The lab's client id: the container's hostname. */
  id: string;
  container: string;
}

/** The lab's fault kinds the Docker engine cannot apply, and why. */
const refusedByDocker: Partial<Record<FaultKind, string>> = {
  delay:
    'delay needs the namespace engine (`pulseboard-lab serve` without --external-board): this kernel has no ' +
    "sch_netem, and the userspace delay relay needs a TUN device routed in the lab's own namespaces",
};

export const dockerFaultKinds: readonly FaultKind[] = faultKinds.filter((k) => !(k in refusedByDocker));

/** Why the Docker engine cannot apply `kind`, or undefined when it can. */
export function refusal(kind: FaultKind): string | undefined {
  const reason = refusedByDocker[kind];
  if (reason) return reason;
  if (!dockerFaultKinds.includes(kind)) return `unknown fault kind "${String(kind)}"`;
  return undefined;
}

export function faultTable(faultId: string): string {
  return `pblf_${faultId.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** One nft table in the container's namespace with a rule per direction. */
export function filterTable(table: string, input: string, output: string): string {
  return [
    `table inet ${table} {`,
    `  chain in { type filter hook input priority -300; policy accept; ${input}; }`,
    `  chain out { type filter hook output priority -300; policy accept; ${output}; }`,
    '}',
    '',
  ].join('\n');
}

const nft = (input: string): Command => ({ cmd: 'nft', args: ['-f', '-'], input });
const helper = (t: DockerTarget, ...commands: Command[]): Step => ({
  do: 'helper',
  container: t.container,
  commands,
});

function filterRules(kind: FaultKind, params: FaultParams): [string, string] | undefined {
  switch (kind) {
    case 'blackhole':
    case 'power-off':
      return ['drop', 'drop'];
    case 'loss': {
      const rule = `numgen random mod 100 < ${Math.round(params.percent ?? 0)} drop`;
      return [rule, rule];
    }
    case 'rst':
      return ['meta l4proto tcp reject with tcp reset', 'meta l4proto tcp tcp flags & rst == 0 drop'];
    default:
      return undefined;
  }
}

/** The steps of one fault on one container, other than partition (pure: unit-tested). */
export function planDockerFault(
  kind: FaultKind,
  t: DockerTarget,
  params: FaultParams,
  table: string,
): DockerPlan {
  const why = refusal(kind);
  if (why) throw new TypeError(why);
  validateParams(kind, params);
  if (kind === 'partition') throw new TypeError('partition is planned by planPartition');
  const plan: DockerPlan = { apply: [], after: [], heal: [], instant: false };
  const rules = filterRules(kind, params);
  if (rules) {
    plan.apply.push(helper(t, nft(filterTable(table, ...rules))));
    plan.heal.push(helper(t, nft(`delete table inet ${table}\n`)));
  }
  switch (kind) {
    case 'power-off':
      plan.after.push({ do: 'signal', container: t.container, signal: 'SIGKILL' });
      // Its namespace goes with the container: nothing left to heal (it stays stopped).
      plan.heal = [];
      break;
    case 'cable-pull':
      // Link down drops the interface's routes; on the lab's internal network the only one is
      // the connected subnet, which comes back with the link.
      plan.apply.push(helper(t, { cmd: 'ip', args: ['link', 'set', 'eth0', 'down'] }));
      plan.heal.push(helper(t, { cmd: 'ip', args: ['link', 'set', 'eth0', 'up'] }));
      break;
    case 'fin':
      plan.apply.push({ do: 'signal', container: t.container, signal: 'SIGUSR2' });
      plan.instant = true;
      break;
    case 'bandwidth': {
      const rate = `${Math.round(params.rateKbit ?? 1000)}kbit`;
      const tbf = ['root', 'tbf', 'rate', rate, 'burst', '16kbit', 'latency', '100ms'];
      plan.apply.push(helper(t, { cmd: 'tc', args: ['qdisc', 'replace', 'dev', 'eth0', ...tbf] }));
      plan.heal.push(helper(t, { cmd: 'tc', args: ['qdisc', 'del', 'dev', 'eth0', 'root'] }));
      break;
    }
    default:
      break;
  }
  return plan;
}

/**
 * A partition map `{ from: [to, ...] }` over client ids and 'board'. A pair cut both ways
 * between a client and the board is a Docker-native cut of that client (disconnect, connect on
 * heal); every other cut is one-way, by nft in the namespace of the client at its end: its
 * output to the peer (`from` is the client) or its input from the peer (`from` is the board).
 */
export function planPartition(
  map: Record<string, string[]>,
  containerOf: (id: string) => DockerTarget,
  addressOf: (id: string) => string,
  table: string,
): DockerPlan {
  const pairs = new Set<string>();
  for (const [from, tos] of Object.entries(map))
    for (const to of tos) if (from !== to) pairs.add(`${from}>${to}`);
  const plan: DockerPlan = { apply: [], after: [], heal: [], instant: false };
  const drops = new Map<string, { input: string[]; output: string[] }>();
  const dropsOf = (id: string) => {
    let d = drops.get(id);
    if (!d) drops.set(id, (d = { input: [], output: [] }));
    return d;
  };
  for (const pair of pairs) {
    const [from, to] = pair.split('>') as [string, string];
    const client = from === 'board' ? to : from;
    const peer = from === 'board' ? from : to;
    if (client === 'board') continue;
    if (peer === 'board' && pairs.has(`${to}>${from}`)) {
      if (from === 'board') continue; // the same cut, seen from the other side
      const t = containerOf(client);
      plan.apply.push({ do: 'disconnect', container: t.container });
      plan.heal.push({ do: 'connect', container: t.container });
      continue;
    }
    if (from === 'board') dropsOf(client).input.push(`ip saddr ${addressOf(peer)} drop`);
    else dropsOf(client).output.push(`ip daddr ${addressOf(peer)} drop`);
  }
  for (const [id, d] of drops) {
    const t = containerOf(id);
    const rules = (list: string[]) => (list.length ? list.join('; ') : 'accept');
    plan.apply.push(helper(t, nft(filterTable(table, rules(d.input), rules(d.output)))));
    plan.heal.push(helper(t, nft(`delete table inet ${table}\n`)));
  }
  if (plan.apply.length === 0) throw new TypeError('partition: the map cuts nothing');
  return plan;
}
