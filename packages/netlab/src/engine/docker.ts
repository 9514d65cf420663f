import type { ChildProcess } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import type { ClientConfig } from '../clients/protocol.js';
import type { DockerApi } from '../docker/docker-api.js';
import { planPartition, refusal } from '../docker/plan.js';
import type { FaultKind, FaultParams, FaultSupport } from '../types.js';
import { runPerHost, undoPerHost, type Engine, type Host } from './engine.js';
import { faultTable, mergePlans, planHostFault, validateParams, type Plan, type Step } from './plan.js';

// The Docker engine: the board, the lab and the clients are compose services (docker/); the
// lab adopts each client container when it says hello on the shared hub socket, and reads the
// board's detections from its event stream. Plans run through the Docker API (dockerode), so a
// remote DOCKER_HOST works and nothing needs root or nsenter on the Docker host: `exec` and
// `link` are a short-lived helper container in the target's network namespace (it reports
// when the commands took effect), `signal` goes to the container, `disconnect`/`connect` are
// Docker-native cuts. Without the Docker API every fault is refused, saying why.

/** What the engine needs of the Docker API (a fake in unit tests). */
export type DockerFaultApi = Pick<
  DockerApi,
  'containerOf' | 'addressOf' | 'helper' | 'signal' | 'disconnect' | 'connect'
>;

export const noDockerApi =
  'this Docker lab has no fault applier: it needs the Docker API (mount the Docker socket into the lab ' +
  'service, docs/docker.md), or use the namespace engine';

const composeStarts = 'with the external (docker) engine, docker compose starts the clients';

export interface DockerEngineOptions {
  hubPath: string;
  /** Without it every fault is refused (noDockerApi). */
  api?: DockerFaultApi;
  /** The board's host name or address as the clients reach it (one-way partitions name it). */
  boardHost?: string;
}

export class DockerEngine implements Engine {
  readonly name = 'docker';
  readonly adoptsClients = true;
  readonly hubPath: string;
  /** Each client's container, looked up afresh for every fault planned on it. */
  private readonly containers = new Map<string, string>();

  constructor(private readonly o: DockerEngineOptions) {
    this.hubPath = o.hubPath;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  ownAddresses(): string[] {
    return [];
  }

  addHosts(_ids: string[]): Promise<Host[]> {
    return Promise.reject(new TypeError(composeStarts));
  }

  /** The lab forgets the client; its container is compose's. */
  removeHost(_id: string): Promise<void> {
    return Promise.resolve();
  }

  spawnClient(_cfg: ClientConfig, _onExit: () => void): ChildProcess {
    throw new TypeError(composeStarts);
  }

  support(kind: FaultKind): FaultSupport {
    if (!this.o.api) return { refused: noDockerApi };
    const why = refusal(kind);
    return why ? { refused: why } : { fidelity: 'kernel' };
  }

  private api(): DockerFaultApi {
    if (!this.o.api) throw new TypeError(noDockerApi);
    return this.o.api;
  }

  async plan(faultId: string, kind: FaultKind, targets: string[], params: FaultParams): Promise<Plan> {
    const api = this.api();
    const why = refusal(kind);
    if (why) throw new TypeError(why);
    validateParams(kind, params);
    const table = faultTable(faultId);
    if (kind === 'partition') {
      const map = params.map ?? {};
      const ids = [...new Set(Object.entries(map).flatMap(([f, t]) => [f, ...t]))];
      const addresses = new Map<string, string>();
      for (const id of ids) {
        if (id === 'board') {
          addresses.set(id, (await lookup(this.o.boardHost ?? 'board', { family: 4 })).address);
          continue;
        }
        const c = await api.containerOf(id);
        this.containers.set(id, c);
        addresses.set(id, await api.addressOf(c));
      }
      return planPartition(map, (id) => addresses.get(id)!, table);
    }
    if (targets.length === 0) throw new TypeError('a fault needs at least one target');
    if (targets.includes('board'))
      throw new TypeError('the board cannot be a fault target with the Docker engine');
    for (const id of targets) this.containers.set(id, await api.containerOf(id));
    const plan = mergePlans(targets.map((id) => planHostFault(kind, id, params, table)));
    // A killed container's namespace went with it (a restart gets a fresh one): nothing to lift.
    if (kind === 'power-off') plan.heal = [];
    return plan;
  }

  private container(host: string): string {
    const c = this.containers.get(host);
    if (!c) throw new TypeError(`no container known for "${host}" (plan a fault on it first)`);
    return c;
  }

  /**
   * One step and when it took effect: a helper says when its commands were done; a cut, when
   * Docker answered; a signal, from the call (a fin's detection can arrive before the answer).
   */
  private async step(s: Step, tolerant: boolean): Promise<number> {
    const api = this.api();
    const c = this.container(s.host);
    switch (s.do) {
      case 'exec':
        return api.helper(c, s.commands, tolerant);
      case 'link':
        return api.helper(c, [{ cmd: 'ip', args: ['link', 'set', 'eth0', s.state] }], tolerant);
      case 'signal': {
        // A fin's detection can arrive before the API answers.
        const at = Date.now();
        await api.signal(c, s.signal);
        return at;
      }
      case 'disconnect':
      case 'connect':
        // The cut is made by the time Docker answers (its endpoint is gone): in effect then,
        // as an nft rule is once its command is done (the namespace engine's partition).
        await (s.do === 'disconnect' ? api.disconnect(c) : api.connect(c));
        return Date.now();
      case 'relay':
      case 'unrelay':
        throw new TypeError(refusal('delay'));
    }
  }

  run(steps: Step[]): Promise<number> {
    return runPerHost(steps, (s) => this.step(s, false));
  }

  undo(steps: Step[]): Promise<void> {
    return undoPerHost(steps, (s) => this.step(s, true));
  }
}
