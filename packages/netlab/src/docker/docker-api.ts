import Docker from 'dockerode';
import type { Command } from '../engine/plan.js';

// The Docker engine's side of the Docker API (dockerode: DOCKER_HOST, or the local socket), for
// what faults need: find a client's container by its hostname, run a helper container in its
// network namespace, signal it, cut it from its networks and back. Nothing here shells out.

/** The image helpers run: the lab's own (it has node, nft, ip, tc). */
export const helperImage = process.env.PBL_HELPER_IMAGE ?? 'pulseboard-lab:local';

/**
 * Run by the helper: each command in order (stdin from `input`), then the time it was done, the
 * instant the fault took effect, on the Docker host's clock (the lab's, when they share a host).
 */
const helperScript = `
const { execFileSync } = require('node:child_process');
const steps = JSON.parse(process.env.PBL_STEPS);
const tolerant = process.env.PBL_TOLERANT === '1';
for (const s of steps) {
  try {
    execFileSync(s.cmd, s.args, { input: s.input ?? '', stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (e) {
    if (!tolerant) {
      process.stdout.write('\\nFAILED ' + s.cmd + ' ' + s.args.join(' ') + ': ' + String(e.stderr ?? e.message).trim() + '\\n');
      process.exit(1);
    }
  }
}
process.stdout.write('\\nDONE ' + Date.now() + '\\n');
`;

export class DockerApi {
  /** Container ids by hostname (a client's id is its container's hostname). */
  private readonly byHostname = new Map<string, string>();
  /** The networks a container was cut from, to connect it back. */
  private readonly cut = new Map<string, { name: string; ip: string }[]>();

  /** `image`: what helpers run (any image with node, nft, ip and tc; bench:lab uses the base). */
  constructor(
    readonly docker: Docker = new Docker(),
    readonly image: string = helperImage,
  ) {}

  /** Why the Docker API cannot be used here, or undefined when a daemon answers. */
  async unavailable(): Promise<string | undefined> {
    try {
      await this.docker.ping();
      return undefined;
    } catch (e) {
      return `no Docker daemon answers (${(e as Error).message})`;
    }
  }

  /** The running container whose hostname is `id`; a missing one is a TypeError. */
  async containerOf(id: string): Promise<string> {
    const known = this.byHostname.get(id);
    if (known && (await this.running(known))) return known;
    const list = await this.docker.listContainers();
    const found = await Promise.all(
      list.map(async (c) => ({ id: c.Id, info: await this.docker.getContainer(c.Id).inspect() })),
    );
    for (const f of found) this.byHostname.set(f.info.Config.Hostname, f.id);
    const hit = this.byHostname.get(id);
    if (!hit || !found.some((f) => f.id === hit))
      throw new TypeError(`no running container has the hostname "${id}" (the client's id)`);
    return hit;
  }

  private async running(container: string): Promise<boolean> {
    try {
      return (await this.docker.getContainer(container).inspect()).State.Running;
    } catch {
      return false;
    }
  }

  /** A container's address on its (first) network. */
  async addressOf(container: string): Promise<string> {
    const info = await this.docker.getContainer(container).inspect();
    const ip = Object.values(info.NetworkSettings.Networks).find((n) => n.IPAddress)?.IPAddress;
    if (!ip) throw new Error(`container ${container} has no address`);
    return ip;
  }

  /**
   * Runs `commands` in a short-lived helper container in `container`'s network namespace and
   * resolves when they took effect (epoch ms, from inside the helper). `tolerant`: keep going
   * past failures (healing what may already be gone).
   */
  helper(container: string, commands: Command[], tolerant = false): Promise<number> {
    // A daemon that stops answering must fail the fault, naming it and the call it hung in,
    // not hang the lab.
    const at = { phase: 'create' };
    return withTimeout(
      this.runHelper(container, commands, tolerant, at),
      30_000,
      () =>
        `fault helper in ${container.slice(0, 12)}: no answer from Docker in 30 s ` +
        `(${commands.map((c) => c.cmd).join(', ')}; waiting for its ${at.phase})`,
    );
  }

  private async runHelper(
    container: string,
    commands: Command[],
    tolerant: boolean,
    at: { phase: string },
  ): Promise<number> {
    const h = await this.docker.createContainer({
      Image: this.image,
      Cmd: ['node', '-e', helperScript],
      Env: [`PBL_STEPS=${JSON.stringify(commands)}`, `PBL_TOLERANT=${tolerant ? 1 : 0}`],
      Tty: true,
      Labels: { 'pulseboard.helper': container },
      HostConfig: { NetworkMode: `container:${container}`, CapAdd: ['NET_ADMIN'] },
    });
    try {
      at.phase = 'start';
      await h.start();
      at.phase = 'exit';
      const { StatusCode } = (await h.wait()) as { StatusCode: number };
      at.phase = 'logs';
      const out = (await h.logs({ stdout: true, stderr: true })).toString();
      const done = /DONE (\d+)/.exec(out);
      if (StatusCode !== 0 || !done)
        throw new Error(
          `fault helper in ${container.slice(0, 12)}: ${/FAILED .*/.exec(out)?.[0] ?? out.trim()}`,
        );
      return Number(done[1]);
    } finally {
      // Not awaited: the fault is in effect now, and removing a container takes a while.
      h.remove({ force: true }).catch(() => undefined);
    }
  }

  async signal(container: string, signal: string): Promise<void> {
    await withTimeout(
      this.docker.getContainer(container).kill({ signal }),
      30_000,
      () => `${signal} to ${container.slice(0, 12)}: no answer from Docker in 30 s`,
    );
  }

  /** Cuts a container from every network it is on (a Docker-native partition). */
  async disconnect(container: string): Promise<void> {
    const info = await this.docker.getContainer(container).inspect();
    const nets = Object.entries(info.NetworkSettings.Networks).map(([name, n]) => ({
      name,
      ip: n.IPAddress,
    }));
    this.cut.set(container, nets);
    for (const n of nets)
      await this.docker.getNetwork(n.name).disconnect({ Container: container, Force: true });
  }

  /**
   * Connects it back to the networks `disconnect` took it from, at its old address where the
   * network allows choosing one (the lab attributes a client's records by its address).
   */
  async connect(container: string): Promise<void> {
    const nets = this.cut.get(container) ?? [];
    this.cut.delete(container);
    for (const n of nets) {
      const net = this.docker.getNetwork(n.name);
      await net
        .connect({ Container: container, EndpointConfig: { IPAMConfig: { IPv4Address: n.ip } } })
        .catch(() => net.connect({ Container: container }));
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
