import type { Applied } from '../controller/faults.js';
import { validateParams } from '../controller/faults.js';
import type { ExternalFaultApplier } from '../lab.js';
import { faultKinds, type FaultKind, type FaultParams } from '../types.js';
import { run } from '../util/exec.js';
import { hostVeth } from './engine.js';

// The lab's faults on the Docker engine's client containers (`Lab` with `external.faults`),
// applied from the host as root. A client's id is its container's hostname. Each fault gets
// its own nft table inside the container's network namespace (entered with nsenter), so
// faults combine and heal independently, and nothing is added to the host's ruleset.
//  - blackhole: drop everything, both ways; rst: answer TCP with resets (the peer "rebooted");
//    loss: `numgen random mod 100 < N drop` per direction (as the harness, faults/nft.ts).
//  - cable-pull: the host side of the container's veth (its switch port) goes down.
//  - power-off: blackhole, then `docker kill` (the dying process's FIN/RST never leaves). The
//    fault is in effect once the blackhole is (startedAt), before the kill returns.
//  - fin: SIGUSR2 to the client (forwarded by the container's init): it closes gracefully.
//  - bandwidth: tbf on both ends of the veth (the container's eth0, the host-side port).
// delay and partition need the namespace engine (see `refusal`).

export interface Command {
  cmd: string;
  args: string[];
  input?: string;
}

export interface DockerTarget {
  /** The lab's client id: the container's hostname. */
  id: string;
  container: string;
  /** Host PID of the container's first process: its network namespace. */
  pid: number;
  /** Host side of its eth0 veth (cable-pull, bandwidth). */
  veth?: string;
}

export interface DockerPlan {
  /** Run in order; the fault is in effect (startedAt) once every target's `apply` returned. */
  apply: Command[];
  /** Run after startedAt (power-off's kill). */
  after: Command[];
  /** Undo, failures ignored (a killed container took its namespace with it). */
  heal: Command[];
  instant: boolean;
}

const namespaceEngine = 'needs the namespace engine (`pulseboard-lab serve` without --external-board)';

/** The lab's fault kinds the Docker engine cannot apply, and why. */
const refusedByDocker: Partial<Record<FaultKind, string>> = {
  delay: `delay ${namespaceEngine}: this kernel has no sch_netem and the userspace delay relay runs in the lab's own namespaces`,
  partition: `partition ${namespaceEngine}: it cuts pairs of hosts on the lab's own switch, which the Docker engine does not have`,
};

export const dockerFaultKinds: readonly FaultKind[] = faultKinds.filter((k) => !(k in refusedByDocker));

const needsVeth = new Set<FaultKind>(['cable-pull', 'bandwidth']);

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

function nsenter(pid: number, cmd: string, args: string[], input?: string): Command {
  return { cmd: 'nsenter', args: ['-t', String(pid), '-n', cmd, ...args], ...(input ? { input } : {}) };
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

/** The commands of one fault on one container (pure: unit-tested). */
export function planDockerFault(
  kind: FaultKind,
  t: DockerTarget,
  params: FaultParams,
  table: string,
): DockerPlan {
  const why = refusal(kind);
  if (why) throw new TypeError(why);
  validateParams(kind, params);
  const plan: DockerPlan = { apply: [], after: [], heal: [], instant: false };
  const rules = filterRules(kind, params);
  if (rules) {
    plan.apply.push(nsenter(t.pid, 'nft', ['-f', '-'], filterTable(table, ...rules)));
    plan.heal.push(nsenter(t.pid, 'nft', ['-f', '-'], `delete table inet ${table}\n`));
  }
  const veth = (): string => {
    if (!t.veth) throw new TypeError(`${kind} needs the host-side veth of ${t.container}`);
    return t.veth;
  };
  switch (kind) {
    case 'power-off':
      plan.after.push({ cmd: 'docker', args: ['kill', t.container] });
      // Its namespace goes with the container: nothing left to heal (it stays stopped).
      plan.heal = [];
      break;
    case 'cable-pull':
      plan.apply.push({ cmd: 'ip', args: ['link', 'set', veth(), 'down'] });
      plan.heal.push({ cmd: 'ip', args: ['link', 'set', veth(), 'up'] });
      break;
    case 'fin':
      plan.apply.push({ cmd: 'docker', args: ['kill', '--signal', 'SIGUSR2', t.container] });
      plan.instant = true;
      break;
    case 'bandwidth': {
      const rate = `${Math.round(params.rateKbit ?? 1000)}kbit`;
      const tbf = ['root', 'tbf', 'rate', rate, 'burst', '16kbit', 'latency', '100ms'];
      plan.apply.push(nsenter(t.pid, 'tc', ['qdisc', 'replace', 'dev', 'eth0', ...tbf]));
      plan.apply.push({ cmd: 'tc', args: ['qdisc', 'replace', 'dev', veth(), ...tbf] });
      plan.heal.push(nsenter(t.pid, 'tc', ['qdisc', 'del', 'dev', 'eth0', 'root']));
      plan.heal.push({ cmd: 'tc', args: ['qdisc', 'del', 'dev', veth(), 'root'] });
      break;
    }
    default:
      break;
  }
  return plan;
}

/** `docker inspect` lines `hostname name pid` -> running containers by hostname. */
export function parseContainers(out: string): Map<string, { container: string; pid: number }> {
  const byHost = new Map<string, { container: string; pid: number }>();
  for (const line of out.split('\n')) {
    const [host, name, pid] = line.trim().split(/\s+/);
    if (!host || !name || !(Number(pid) > 0)) continue;
    byHost.set(host, { container: name.replace(/^\//, ''), pid: Number(pid) });
  }
  return byHost;
}

export type Exec = (
  cmd: string,
  args: string[],
  options?: { input?: string; allowFail?: boolean },
) => Promise<string>;

/** The running containers whose hostname is one of `ids`; a missing one is an error. */
export async function findTargets(ids: string[], exec: Exec = run): Promise<DockerTarget[]> {
  const running = (await exec('docker', ['ps', '-q'])).split(/\s+/).filter(Boolean);
  const out = running.length
    ? await exec('docker', [
        'inspect',
        '--format',
        '{{.Config.Hostname}} {{.Name}} {{.State.Pid}}',
        ...running,
      ])
    : '';
  const byHost = parseContainers(out);
  return ids.map((id) => {
    const c = byHost.get(id);
    if (!c) throw new TypeError(`no running container has the hostname "${id}" (the client's id)`);
    return { id, ...c };
  });
}

async function runAll(cmds: Command[], exec: Exec, allowFail = false): Promise<void> {
  for (const c of cmds) await exec(c.cmd, c.args, { input: c.input, allowFail });
}

/**
 * The Docker engine's fault applier for `new Lab({ external: { ..., faults } })`. Needs root
 * on the host (nsenter, ip, tc) and the docker CLI.
 */
export function dockerFaultApplier(exec: Exec = run): ExternalFaultApplier {
  return async (faultId, kind, targetIds, params) => {
    const why = refusal(kind);
    if (why) throw new TypeError(why);
    validateParams(kind, params);
    if (targetIds.length === 0) throw new TypeError('a fault needs at least one target');
    if (targetIds.includes('board'))
      throw new TypeError('the board cannot be a fault target with the Docker engine');
    const targets = await findTargets(targetIds, exec);
    const table = faultTable(faultId);
    const plans = await Promise.all(
      targets.map(async (t) =>
        planDockerFault(
          kind,
          needsVeth.has(kind) ? { ...t, veth: await hostVeth(t.container) } : t,
          params,
          table,
        ),
      ),
    );
    const healAll = async () => void (await Promise.all(plans.map((p) => runAll(p.heal, exec, true))));
    try {
      await Promise.all(plans.map((p) => runAll(p.apply, exec)));
    } catch (e) {
      await healAll();
      throw e;
    }
    const startedAt = Date.now();
    await Promise.all(plans.map((p) => runAll(p.after, exec)));
    let healed = false;
    const applied: Applied = {
      fidelity: 'kernel',
      instant: plans.every((p) => p.instant),
      heal: async () => {
        if (healed) return;
        healed = true;
        await healAll();
      },
    };
    return { applied, startedAt };
  };
}
