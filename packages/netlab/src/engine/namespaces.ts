import type { ChildProcess } from 'node:child_process';
import type { ClientConfig } from '../clients/protocol.js';
import { spawnClient, writeChromiumWrapper } from '../controller/spawn-client.js';
import type { Capabilities } from '../net/capabilities.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareEntries, type Entries } from '../controller/client-entry.js';
import { applyDelay, type DelayHandle } from '../impair/delay.js';
import { deleteTableScript, partitionScript } from '../impair/nft-rules.js';
import { cleanGuardTables, ExternalBoardRoute } from '../net/external-board.js';
import { rootlessContext } from '../rootless/inner.js';
import { cleanLeftovers, cleanRunDirs } from '../net/clean.js';
import { Topology, type Host } from '../net/topology.js';
import type { FaultKind, FaultParams, FaultSupport } from '../types.js';
import { runStamped } from '../util/exec.js';
import { labRunsDir } from '../util/paths.js';
import { runPerHost, undoPerHost, type Engine } from './engine.js';
import {
  delQdisc,
  emptyPlan,
  exec,
  faultTable,
  mergePlans,
  nftCommand,
  planHostFault,
  tbf,
  validateParams,
  type Plan,
  type Step,
} from './plan.js';

// The namespace engine: the lab's own network of namespaces (net/topology.ts: a switch, one
// namespace per host, an uplink), made and removed by the lab, root or rootless. Its hosts are
// namespaces; a step's `exec` is `ip netns exec`, `link` is the host's port on the switch
// (several at once in one `ip -batch`: a switch dying), `signal` goes to the processes the lab
// spawned in the host. Its own plans: partition (an nft bridge table on the switch), delay
// (netem, or the userspace relay where the kernel has none) and the switch side of bandwidth.

/** The switch namespace, as a host of plans. */
export const SWITCH = '@switch';

export interface NamespaceEngineOptions {
  prefix: string;
  runId: string;
  runDir: string;
  /** Remove leftovers with the same prefix before starting. */
  cleanFirst: boolean;
  /** The processes running in a host (signalled by power-off and fin). */
  processes(host: string): ChildProcess[];
  /** This kernel has sch_netem (delay in the kernel). */
  netem(): boolean;
  /** A board the lab does not run, reached by routing (net/external-board.ts): its address. */
  externalBoard?: string;
  /** The lab's /16 is 10.<subnetOctet>.0.0 (an external board routes it back); default: from the run id. */
  subnetOctet?: number;
  log(level: 'info' | 'warn', msg: string): void;
}

export class NamespaceEngine implements Engine {
  readonly name = 'namespaces';
  readonly adoptsClients = false;
  readonly hubPath: string;
  private topo: Topology | undefined;
  private clientEntries: Entries | undefined;
  private readonly relays = new Map<string, DelayHandle>();
  private boardRoute: ExternalBoardRoute | undefined;

  constructor(private readonly o: NamespaceEngineOptions) {
    this.hubPath = join('/tmp', `pulseboard-lab-${o.runId}.sock`);
  }

  async start(caps: Capabilities): Promise<void> {
    if (!caps.root) throw new Error(`lab cannot start: ${caps.missing.join('; ')}`);
    if (this.o.cleanFirst) {
      const left = [...(await cleanLeftovers(this.o.prefix)), ...(await cleanGuardTables(this.o.prefix))];
      if (left.length > 0) this.o.log('warn', `removed leftovers of crashed labs: ${left.join(', ')}`);
      cleanRunDirs(labRunsDir);
    }
    mkdirSync(this.o.runDir, { recursive: true });
    const board = this.o.externalBoard;
    if (board && rootlessContext())
      throw new Error(
        `an external board (${board}) cannot be reached from the rootless mode's private network: run as root`,
      );
    this.topo = new Topology({
      prefix: this.o.prefix,
      runId: this.o.runId,
      octet: this.o.subnetOctet,
      viaUplink: board ? [board] : [],
    });
    await this.topo.create();
    if (board) {
      this.boardRoute = new ExternalBoardRoute(this.topo.names, board);
      await this.boardRoute.open();
    }
    this.clientEntries = await prepareEntries(this.o.runDir);
    this.o.log('info', `lab ${this.o.runId} started (subnet 10.${this.topo.octet}.0.0/16)`);
  }

  async stop(): Promise<void> {
    for (const r of this.relays.values()) r.relay.kill('SIGKILL');
    this.relays.clear();
    await this.boardRoute?.close();
    this.boardRoute = undefined;
    await this.topo?.destroy();
    rmSync(this.o.runDir, { recursive: true, force: true });
  }

  get topology(): Topology {
    if (!this.topo) throw new Error('lab not started: topology missing (call start() first)');
    return this.topo;
  }

  /** The bundled client and relay entry points. */
  get entries(): Entries {
    if (!this.clientEntries) throw new Error('lab not started: client entry missing (call start() first)');
    return this.clientEntries;
  }

  addHosts(ids: string[]): Promise<Host[]> {
    return this.topology.addHosts(ids);
  }

  removeHost(id: string): Promise<void> {
    return this.topology.removeHost(id);
  }

  spawnClient(cfg: ClientConfig, onExit: () => void): ChildProcess {
    const chromiumWrapper = cfg.kind === 'browser' ? writeChromiumWrapper(this.o.runDir, cfg.ns) : undefined;
    return spawnClient({ ...cfg, chromiumWrapper }, this.entries.client, onExit);
  }

  ownAddresses(): string[] {
    return this.topo ? [this.topo.uplinkAddress] : [];
  }

  support(kind: FaultKind): FaultSupport {
    return { fidelity: kind === 'delay' && !this.o.netem() ? 'userspace' : 'kernel' };
  }

  private host(id: string): Host {
    const h = this.topology.hosts.get(id);
    if (h) return h;
    if (id === 'board') throw new TypeError('the board runs on the host side: it cannot be a fault target');
    throw new TypeError(`unknown fault target "${id}"`);
  }

  plan(faultId: string, kind: FaultKind, targets: string[], params: FaultParams): Promise<Plan> {
    return Promise.resolve().then(() => this.planNow(faultId, kind, targets, params));
  }

  private planNow(faultId: string, kind: FaultKind, targets: string[], params: FaultParams): Plan {
    validateParams(kind, params);
    const table = faultTable(faultId);
    if (kind === 'partition') {
      const pairs: [string, string][] = [];
      for (const [from, tos] of Object.entries(params.map ?? {}))
        for (const to of tos) pairs.push([this.host(from).address, this.host(to).address]);
      const plan = emptyPlan();
      plan.apply.push(exec(SWITCH, nftCommand(partitionScript(table, pairs))));
      plan.heal.push(exec(SWITCH, nftCommand(deleteTableScript('bridge', table))));
      return plan;
    }
    const hosts = targets.map((id) => this.host(id));
    if (kind === 'delay') {
      const delayMs = params.delayMs ?? 0;
      const jitterMs = params.jitterMs ?? 0;
      const plans = hosts.map((h) => {
        if (!this.o.netem()) {
          const plan = emptyPlan('userspace');
          plan.apply.push({ do: 'relay', host: h.name, delayMs, jitterMs });
          plan.heal.push({ do: 'unrelay', host: h.name });
          return plan;
        }
        const netem = ['qdisc', 'replace', 'dev', 'eth0', 'root', 'netem', 'delay', `${delayMs}ms`];
        const plan = emptyPlan();
        plan.apply.push(exec(h.name, { cmd: 'tc', args: [...netem, `${jitterMs}ms`] }));
        plan.heal.push(exec(h.name, delQdisc('eth0')));
        return plan;
      });
      return mergePlans(plans);
    }
    const plans = hosts.map((h) => planHostFault(kind, h.name, params, table));
    if (kind === 'bandwidth') {
      // Both ends of the host's veth: its eth0 (planHostFault) and its port on the switch.
      for (const [i, h] of hosts.entries()) {
        plans[i]!.apply.push(exec(SWITCH, tbf(h.port, params.rateKbit ?? 1000)));
        plans[i]!.heal.push(exec(SWITCH, delQdisc(h.port)));
      }
    }
    return mergePlans(plans);
  }

  private nsOf(host: string): string {
    return host === SWITCH ? this.topology.names.switchNs : this.host(host).ns;
  }

  /** Every host's cable at once: one `ip -batch` in the switch namespace; in effect when it is done. */
  private async links(steps: Extract<Step, { do: 'link' }>[]): Promise<number> {
    if (steps.length === 0) return Date.now();
    const lines = steps.map((s) => `link set ${this.host(s.host).port} ${s.state}\n`).join('');
    return runStamped('ip', ['-n', this.topology.names.switchNs, '-force', '-batch', '-'], { input: lines });
  }

  /**
   * One step; in effect the moment its (last) command was done, stamped right after it
   * (util/exec.ts runStamped), as the Docker engine's helper stamps it: the same instant on
   * both engines, so their detection latencies compare. A signal is in effect once sent.
   */
  private async step(s: Step): Promise<number> {
    let at = Date.now();
    switch (s.do) {
      case 'exec':
        for (const c of s.commands)
          at = await runStamped('ip', ['netns', 'exec', this.nsOf(s.host), c.cmd, ...c.args], {
            input: c.input,
          });
        break;
      case 'signal':
        for (const p of this.o.processes(s.host))
          if (p.exitCode === null && p.signalCode === null) p.kill(s.signal);
        break;
      case 'link':
        return this.links([s]);
      case 'relay': {
        const h = this.host(s.host);
        const subnet = `10.${this.topology.octet}.0.0`;
        const relay = await applyDelay(
          { ns: h.ns, address: h.address, subnet },
          s.delayMs,
          s.jitterMs,
          this.entries.relay,
        );
        this.relays.set(s.host, relay);
        at = Date.now();
        break;
      }
      case 'unrelay': {
        const relay = this.relays.get(s.host);
        this.relays.delete(s.host);
        await relay?.heal();
        break;
      }
      case 'disconnect':
      case 'connect':
        throw new TypeError(`the namespace engine has no "${s.do}" step`);
    }
    return at;
  }

  async run(steps: Step[]): Promise<number> {
    const links = steps.filter((s): s is Extract<Step, { do: 'link' }> => s.do === 'link');
    const others = steps.filter((s) => s.do !== 'link');
    const [linked, rest] = await Promise.all([this.links(links), runPerHost(others, (s) => this.step(s))]);
    if (others.length === 0) return linked;
    return links.length === 0 ? rest : Math.max(linked, rest);
  }

  async undo(steps: Step[]): Promise<void> {
    const links = steps.filter((s): s is Extract<Step, { do: 'link' }> => s.do === 'link');
    await Promise.all([
      this.links(links).catch(() => undefined),
      undoPerHost(
        steps.filter((s) => s.do !== 'link'),
        (s) => this.step(s),
      ),
    ]);
  }
}
