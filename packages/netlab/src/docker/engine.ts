import { run } from '../util/exec.js';

// The Docker CLI, as the lab's second engine uses it. Every call names its command on failure
// (util/exec.ts). Nothing here pulls an image: images come from docker/build.sh.

/** Why the Docker engine cannot run here, or undefined when a daemon answers. */
export async function dockerUnavailable(): Promise<string | undefined> {
  const out = await run('sh', ['-c', 'command -v docker'], { allowFail: true });
  if (out.trim() === '') return 'the docker CLI is not installed';
  const version = await run('timeout', ['5', 'docker', 'info', '--format', '{{.ServerVersion}}'], {
    allowFail: true,
  });
  return /^\d/.test(version.trim()) ? undefined : 'no Docker daemon answers (docker info failed)';
}

export function docker(args: string[], allowFail = false): Promise<string> {
  return run('docker', args, { allowFail });
}

export async function imageExists(tag: string): Promise<boolean> {
  return (await docker(['image', 'inspect', '--format', '{{.Id}}', tag], true)).trim() !== '';
}

/** The host PID of a running container's first process (its namespaces are entered through it). */
export async function containerPid(container: string): Promise<number> {
  const pid = Number((await docker(['inspect', '--format', '{{.State.Pid}}', container])).trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`container ${container} is not running`);
  return pid;
}

/** A container's address on one network (`docker network inspect` name). */
export async function containerIp(container: string, network: string): Promise<string> {
  const fmt = `{{with index .NetworkSettings.Networks ${JSON.stringify(network)}}}{{.IPAddress}}{{end}}`;
  const ip = (await docker(['inspect', '--format', fmt, container])).trim();
  if (!ip) throw new Error(`container ${container} has no address on ${network}`);
  return ip;
}

/** nft inside a container's network namespace, from the host (needs root and nsenter). */
export async function nftInContainer(container: string, script: string): Promise<void> {
  const pid = await containerPid(container);
  await run('nsenter', ['-t', String(pid), '-n', 'nft', '-f', '-'], { input: script });
}

/**
 * The host side of a container's veth on one of its interfaces (eth0 by default): the
 * "switch port" its cable plugs into, as the namespace engine's bridge port.
 */
export async function hostVeth(container: string, ifname = 'eth0'): Promise<string> {
  const pid = await containerPid(container);
  // `eth0@if123`: 123 is the peer's index in the host's namespace.
  const inside = await run('nsenter', ['-t', String(pid), '-n', 'ip', '-o', 'link', 'show', ifname]);
  const iflink = /@if(\d+):/.exec(inside)?.[1];
  if (!iflink) throw new Error(`${container} has no veth ${ifname}`);
  const line = (await run('ip', ['-o', 'link', 'show'])).split('\n').find((l) => l.startsWith(`${iflink}: `));
  const name = line?.split(': ')[1]?.split('@')[0];
  if (!name) throw new Error(`no host-side veth for ${container} ${ifname} (ifindex ${iflink})`);
  return name;
}
