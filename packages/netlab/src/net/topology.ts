import { deleteNamespace } from '@pulseboard/harness/ns/cleanup';
import { ipBatch, run } from '../util/exec.js';
import { hostAddress, labNames, subnetFor, type LabNames } from './names.js';

// The lab network: one namespace holding a bridge (the "switch"), one namespace per virtual
// host with a veth on it, and an uplink veth to the root namespace so the lab controller (and
// a person's browser) can reach the board. Only a connected /16 route exists: no default
// route, no forwarding or NAT off the machine.

export interface Host {
  name: string;
  ns: string;
  address: string;
  /** The bridge-side port of this host's veth (inside the switch namespace). */
  port: string;
  index: number;
}

export interface TopologyOptions {
  prefix: string;
  runId: string;
  /** The /16's second octet; default picked from the run id. */
  octet?: number;
  /** Addresses outside the lab each host reaches through the uplink (an external board). */
  viaUplink?: string[];
}

export class Topology {
  readonly names: LabNames;
  readonly octet: number;
  readonly uplinkAddress: string;
  readonly hosts = new Map<string, Host>();
  private nextIndex = 10;
  private readonly viaUplink: string[];

  constructor(options: TopologyOptions) {
    this.names = labNames(options.prefix, options.runId);
    if (
      options.octet !== undefined &&
      !(Number.isInteger(options.octet) && options.octet >= 1 && options.octet <= 254)
    )
      throw new RangeError(`subnet octet must be 1-254 (the lab uses 10.N.0.0/16), got ${options.octet}`);
    this.octet = options.octet ?? subnetFor(options.runId);
    this.viaUplink = options.viaUplink ?? [];
    this.uplinkAddress = `10.${this.octet}.0.1`;
  }

  get prefixLength(): number {
    return 16;
  }

  async create(): Promise<void> {
    const sw = this.names.switchNs;
    await ipBatch([
      `netns add ${sw}`,
      `link add ${this.names.uplink} type veth peer name up0 netns ${sw}`,
      `addr add ${this.uplinkAddress}/16 dev ${this.names.uplink}`,
      `link set ${this.names.uplink} up`,
    ]);
    await run('ip', ['-n', sw, '-batch', '-'], {
      input: [
        'link set lo up',
        'link add br0 type bridge',
        'link set br0 up',
        'link set up0 master br0',
        'link set up0 up',
      ]
        .join('\n')
        .concat('\n'),
    });
  }

  /** Create hosts in parallel: one root batch for namespaces + veths, then one batch per namespace. */
  async addHosts(names: string[], fixedIndex?: number): Promise<Host[]> {
    const created: Host[] = names.map((name) => {
      if (this.hosts.has(name)) throw new TypeError(`host "${name}" already exists`);
      const index = fixedIndex ?? this.nextIndex++;
      const host = {
        name,
        ns: this.names.hostNs(name),
        address: hostAddress(this.octet, index),
        port: `p${index}`,
        index,
      };
      this.hosts.set(name, host);
      return host;
    });
    const sw = this.names.switchNs;
    await ipBatch(
      created.flatMap((h) => [
        `netns add ${h.ns}`,
        `link add ${h.port} netns ${sw} type veth peer name eth0 netns ${h.ns}`,
      ]),
    );
    await Promise.all([
      run('ip', ['-n', sw, '-batch', '-'], {
        input:
          created.flatMap((h) => [`link set ${h.port} master br0`, `link set ${h.port} up`]).join('\n') +
          '\n',
      }),
      ...created.map((h) =>
        run('ip', ['-n', h.ns, '-batch', '-'], {
          input:
            [
              'link set lo up',
              `addr add ${h.address}/16 dev eth0`,
              'link set eth0 up',
              ...this.viaUplink.map((a) => `route add ${a}/32 via ${this.uplinkAddress}`),
            ].join('\n') + '\n',
        }),
      ),
    ]);
    return created;
  }

  /** Deleting a namespace also kills what still runs in it (an orphaned Chromium, a relay). */
  async removeHost(name: string): Promise<void> {
    const host = this.hosts.get(name);
    if (!host) return;
    this.hosts.delete(name);
    await deleteNamespace(host.ns);
  }

  async destroy(): Promise<void> {
    const all = [...this.hosts.values()].map((h) => h.ns);
    this.hosts.clear();
    await Promise.all([...all, this.names.switchNs].map(deleteNamespace));
    await run('ip', ['link', 'del', this.names.uplink], { allowFail: true });
  }
}
