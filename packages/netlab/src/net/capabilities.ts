import { existsSync } from 'node:fs';
import { run } from '../util/exec.js';

// What this machine lets the lab do. Checked once at start so a missing piece is reported
// by name instead of failing half-way through building the network.
export interface Capabilities {
  root: boolean;
  netem: boolean;
  docker: boolean;
  tun: boolean;
  chromium: boolean;
  /** Human-readable reasons for anything missing that the lab needs. */
  missing: string[];
}

async function has(cmd: string): Promise<boolean> {
  return (await run('sh', ['-c', `command -v ${cmd}`], { allowFail: true })).trim() !== '';
}

/** netem: try to add a netem qdisc on a throwaway dummy in a scratch namespace. */
async function probeNetem(): Promise<boolean> {
  const ns = `pbl-probe-${process.pid}`;
  try {
    await run('ip', ['netns', 'add', ns]);
    await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    await run('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
    return true;
  } catch {
    return false;
  } finally {
    await run('ip', ['netns', 'del', ns], { allowFail: true });
  }
}

export async function detectCapabilities(): Promise<Capabilities> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const [ip, nft, tc, docker, chromium] = await Promise.all([
    has('ip'),
    has('nft'),
    has('tc'),
    has('docker'),
    has('chromium'),
  ]);
  const missing: string[] = [];
  if (!root)
    missing.push(
      'root: creating network namespaces, veth pairs and nftables tables needs CAP_NET_ADMIN and CAP_SYS_ADMIN (run as root, or `sudo pulseboard-lab ...`)',
    );
  if (!ip) missing.push('iproute2: the `ip` command is not on PATH (apt-get install iproute2)');
  if (!nft) missing.push('nftables: the `nft` command is not on PATH (apt-get install nftables)');
  if (!tc) missing.push('tc: needed for bandwidth faults (apt-get install iproute2)');
  const tun = existsSync('/dev/net/tun');
  const netem = root && ip && tc ? await probeNetem() : false;
  return { root, netem, docker, tun, chromium, missing };
}
