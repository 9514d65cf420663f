import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { run } from '../util/exec.js';
import type { HostFacts, ProbeResult, ProbeStep } from './decide.js';

// Gathers the facts `decide()` needs. The probe does what the rootless lab will do, once, in
// a throwaway user namespace (~20 ms): the same `unshare` flags, a tmpfs over /run/netns,
// `ip netns add`, a bridge. It dies with its namespaces: nothing is left behind.

/** The namespaces of the rootless mode. The PID namespace makes the lab's whole process tree
 * die with it (no orphaned board or client keeps a namespace alive). */
export const unshareFlags = [
  '--user',
  '--map-root-user',
  '--net',
  '--mount',
  '--propagation',
  'private',
  '--pid',
  '--fork',
  '--kill-child',
  '--mount-proc',
];

/** Where `ip netns` keeps its names: a tmpfs goes over it (or over /run when it does not exist). */
export function netnsMountTarget(): string {
  return existsSync('/run/netns') ? '/run/netns' : '/run';
}

function readSysctl(name: string): string | undefined {
  try {
    return readFileSync(`/proc/sys/${name}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

async function has(cmd: string): Promise<boolean> {
  return (await run('sh', ['-c', `command -v ${cmd}`], { allowFail: true })).trim() !== '';
}

const probeScript = `
mount -t tmpfs -o mode=755 pbl-rootless-probe "$1" || exit 11
ip netns add pbl-rootless-probe || exit 12
ip -n pbl-rootless-probe link add pbl-probe-br type bridge || exit 13
`;

const stepByCode: Record<number, ProbeStep> = { 11: 'mount', 12: 'netns', 13: 'link' };

export function probeUserNamespace(): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const child = spawn('unshare', [...unshareFlags, 'sh', '-c', probeScript, 'sh', netnsMountTarget()], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ ok: false, step: 'unshare', stderr: e.message }));
    child.on('close', (code) => {
      if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, step: stepByCode[code ?? -1] ?? 'unshare', stderr: stderr.slice(0, 500) });
    });
  });
}

export async function gatherFacts(env: NodeJS.ProcessEnv = process.env): Promise<HostFacts> {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const sysctl = {
    maxUserNamespaces: readSysctl('user/max_user_namespaces'),
    maxNetNamespaces: readSysctl('user/max_net_namespaces'),
    maxMntNamespaces: readSysctl('user/max_mnt_namespaces'),
    maxPidNamespaces: readSysctl('user/max_pid_namespaces'),
    unprivilegedUsernsClone: readSysctl('kernel/unprivileged_userns_clone'),
    apparmorRestrictUserns: readSysctl('kernel/apparmor_restrict_unprivileged_userns'),
  };
  const optOut = env.PULSEBOARD_LAB_ROOTLESS === '0';
  if (uid === 0 || optOut) return { uid, unshare: true, ip: true, sysctl, optOut };
  const [unshare, ip] = await Promise.all([has('unshare'), has('ip')]);
  const probe = unshare && ip ? await probeUserNamespace() : undefined;
  return { uid, unshare, ip, sysctl, probe, optOut };
}
