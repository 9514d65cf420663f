import { existsSync, readFileSync } from 'node:fs';
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

/** Docker counts only when a daemon answers (the CLI alone cannot run the compose engine). */
async function dockerDaemon(): Promise<boolean> {
  if (!(await has('docker'))) return false;
  const out = await run('timeout', ['3', 'docker', 'info', '--format', '{{.ServerVersion}}'], {
    allowFail: true,
  });
  return /^\d/.test(out.trim());
}

/** netem: try to add a netem qdisc on a throwaway dummy in a scratch namespace. */
async function probeNetem(): Promise<boolean> {
  const ns = `pbl-probe-${process.pid}`;
  try {
    await run('ip', ['netns', 'add', ns]);
    await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    await run('ip', [
      'netns',
      'exec',
      ns,
      'tc',
      'qdisc',
      'add',
      'dev',
      'lo',
      'root',
      'netem',
      'delay',
      '1ms',
    ]);
    return true;
  } catch {
    return false;
  } finally {
    await run('ip', ['netns', 'del', ns], { allowFail: true });
  }
}

function readSysctl(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** What an unprivileged user-namespace mode would have to work with on this kernel. */
function userNamespaceNote(): string {
  const max = readSysctl('/proc/sys/user/max_user_namespaces');
  const clone = readSysctl('/proc/sys/kernel/unprivileged_userns_clone');
  const aa = readSysctl('/proc/sys/kernel/apparmor_restrict_unprivileged_userns');
  if (max === '0' || clone === '0')
    return `user namespaces: disabled for unprivileged users (user.max_user_namespaces=${max}, kernel.unprivileged_userns_clone=${clone ?? 'n/a'})`;
  if (aa === '1')
    return 'user namespaces: restricted by AppArmor (kernel.apparmor_restrict_unprivileged_userns=1)';
  return 'user namespaces: the kernel allows them: without root the lab runs rootless inside one';
}

export async function detectCapabilities(): Promise<Capabilities> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const [ip, nft, tc, docker, chromium] = await Promise.all([
    has('ip'),
    has('nft'),
    has('tc'),
    dockerDaemon(),
    has('chromium'),
  ]);
  const missing: string[] = [];
  if (!root) {
    missing.push(
      'root: creating network namespaces, veth pairs and nftables tables needs CAP_NET_ADMIN and CAP_SYS_ADMIN (run as root, or `sudo pulseboard-lab ...`)',
    );
    missing.push(userNamespaceNote());
  }
  if (!ip) missing.push('iproute2: the `ip` command is not on PATH (apt-get install iproute2)');
  if (!nft) missing.push('nftables: the `nft` command is not on PATH (apt-get install nftables)');
  if (!tc) missing.push('tc: needed for bandwidth faults (apt-get install iproute2)');
  const tun = existsSync('/dev/net/tun');
  const netem = root && ip && tc ? await probeNetem() : false;
  return { root, netem, docker, tun, chromium, missing };
}
