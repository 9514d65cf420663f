import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Server } from 'node:net';
import { deleteNamespace } from './cleanup.js';
import { listenInNamespace } from './listen.js';
import { DEFAULT_PREFIX, newRunId, nsName } from './names.js';
import { run, runIn } from './run.js';

export interface LabOptions {
  /** Namespace name prefix; use your own so parallel suites never collide. Default 'pbl'. */
  prefix?: string;
  runId?: string;
  /** Third octet of 10.231.X.0/24. Private to the lab's namespaces, so labs may share it. */
  subnet?: number;
  /** Host names (each becomes a namespace) or a count (h1…hN). */
  hosts?: string[] | number;
}

/** A virtual machine: its own namespace with one veth on the lab bridge. */
export interface LabHost {
  readonly name: string;
  readonly ns: string;
  readonly address: string;
  /** The bridge-side end of this host's veth, inside the bridge namespace (cable-pull). */
  readonly bridgePort: string;
  readonly lab: Lab;
  /** Starts a process inside the host; it is tracked and killed on lab.destroy(). */
  spawn(cmd: string, args: string[], options?: SpawnOptions): ChildProcess;
  /** Runs a command inside the host and resolves its stdout. */
  exec(cmd: string, args: string[]): Promise<string>;
  /** Processes started by spawn() that have not exited. */
  readonly processes: ReadonlySet<ChildProcess>;
}

export interface Lab {
  readonly runId: string;
  readonly prefix: string;
  /** Namespace holding the bridge and the server address (the "board" side). */
  readonly bridgeNs: string;
  readonly serverAddress: string;
  readonly hosts: LabHost[];
  host(name: string): LabHost;
  /** A TCP server in the bridge namespace, served by this process (see listen.ts). */
  listen(port?: number): Promise<Server>;
  /** Adds a host to a running lab. */
  addHost(name: string): Promise<LabHost>;
  /** Kills every spawned process and deletes every namespace. Safe to call twice. */
  destroy(): Promise<void>;
}

/**
 * Builds: namespace PREFIX-RUNID-br with bridge br0 = 10.231.X.1/24, and per host a namespace
 * PREFIX-RUNID-NAME whose eth0 (10.231.X.(10+i)) is a veth to a port on br0. No default route,
 * no NAT: nothing here can reach outside the lab. On any failure what was made is removed.
 */
export async function createLab(options: LabOptions = {}): Promise<Lab> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const runId = options.runId ?? newRunId();
  const subnet = options.subnet ?? 0;
  const bridgeNs = nsName(prefix, runId, 'br');
  const serverAddress = `10.231.${subnet}.1`;
  const hosts: LabHost[] = [];
  const made: string[] = [];
  const servers: Server[] = [];
  let nextIndex = 0;
  let destroyed = false;

  const lab: Lab = {
    runId,
    prefix,
    bridgeNs,
    serverAddress,
    hosts,
    host(name) {
      const h = hosts.find((x) => x.name === name);
      if (!h) throw new Error(`no host ${name} in lab ${runId}`);
      return h;
    },
    async listen(port = 0) {
      const server = await listenInNamespace(bridgeNs, serverAddress, port);
      servers.push(server);
      return server;
    },
    async addHost(name) {
      const index = ++nextIndex;
      if (index > 240) throw new Error('a lab holds at most 240 hosts');
      const ns = nsName(prefix, runId, name);
      const host = makeHost(lab, name, ns, `10.231.${subnet}.${10 + index}`, `p${index}`);
      made.push(ns);
      hosts.push(host);
      await run('ip', ['netns', 'add', ns]);
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      // Made inside the namespaces directly, so no interface ever appears in the root namespace.
      await run('ip', [
        '-n',
        bridgeNs,
        'link',
        'add',
        host.bridgePort,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        ns,
      ]);
      await run('ip', ['-n', bridgeNs, 'link', 'set', host.bridgePort, 'master', 'br0', 'up']);
      await run('ip', ['-n', ns, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0']);
      await run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
      return host;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const s of servers) s.close();
      for (const h of hosts) for (const p of h.processes) p.kill('SIGKILL');
      await Promise.all(made.map(deleteNamespace));
    },
  };

  try {
    made.push(bridgeNs);
    await run('ip', ['netns', 'add', bridgeNs]);
    await run('ip', ['-n', bridgeNs, 'link', 'set', 'lo', 'up']);
    await run('ip', ['-n', bridgeNs, 'link', 'add', 'br0', 'type', 'bridge']);
    await run('ip', ['-n', bridgeNs, 'addr', 'add', `${serverAddress}/24`, 'dev', 'br0']);
    await run('ip', ['-n', bridgeNs, 'link', 'set', 'br0', 'up']);
    const names =
      typeof options.hosts === 'number'
        ? Array.from({ length: options.hosts }, (_, i) => `h${i + 1}`)
        : (options.hosts ?? []);
    // Hosts are independent: build them concurrently (ip commands are the slow part). Each
    // addHost takes its index synchronously, so the order of `hosts` follows `names`.
    await Promise.all(names.map((n) => lab.addHost(n)));
  } catch (err) {
    await lab.destroy();
    throw err;
  }
  return lab;
}

function makeHost(lab: Lab, name: string, ns: string, address: string, bridgePort: string): LabHost {
  const processes = new Set<ChildProcess>();
  return {
    name,
    ns,
    address,
    bridgePort,
    lab,
    processes,
    spawn(cmd, args, options = {}) {
      const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], options);
      processes.add(child);
      child.once('exit', () => processes.delete(child));
      return child;
    },
    exec(cmd, args) {
      return runIn(ns, cmd, args);
    },
  };
}
