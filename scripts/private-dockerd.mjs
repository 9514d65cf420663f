// A private Docker daemon, started the way CI runs it and stopped leaving nothing behind: used
// by scripts/docker-suite.mjs (CI) and bench/lab (both engines side by side).
//   dockerd with its own data/exec roots, pidfile and socket under a temp dir, and
//   --iptables=false --ip6tables=false --ip-forward=false --bridge=none: nothing is added to the
//   host's ruleset, no docker0, ip_forward untouched. The lab does not rely on Docker's firewall
//   for containment: with forwarding off nothing leaves the machine, and the lab network is
//   `internal` (no gateway, no route off it).
// stop() removes its containers and networks, stops the daemon, kills what outlived it
// (containerd, shims), unmounts and removes its roots, and checks: processes, mounts, links
// (docker0, br-*, veth*), DOCKER rules, ip_forward. It returns what it found wrong.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Names of the host's network links. */
function links() {
  const out = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout ?? '';
  return new Set(
    out
      .split('\n')
      .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1])
      .filter(Boolean),
  );
}

/** Processes whose command line names `dir` (containerd, shims of the private daemon). */
function processesUnder(dir) {
  const pids = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) pids.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return pids.filter((p) => p !== process.pid);
}

/** Polls `probe` every 500 ms until it is true; throws after `ms`. */
export async function until(what, ms, probe) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Why a private daemon cannot run here (not installed, not root), or undefined. */
export function privateDockerdUnavailable() {
  const have = spawnSync('sh', ['-c', 'command -v dockerd && command -v docker'], { encoding: 'utf8' });
  if (have.status !== 0) return 'dockerd is not installed (apt-get install docker.io)';
  if (process.getuid?.() !== 0) return 'needs root (it starts a private dockerd)';
  return undefined;
}

/** Starts the daemon and waits until it answers (60 s); throws, with its log, if it does not. */
export async function startPrivateDockerd() {
  // What dockerd makes outside its roots whatever the flags (its key, a plugins folder):
  // removed afterwards unless they were here before. /etc/docker itself is docker.io's.
  const outside = ['/etc/docker/key.json', '/etc/docker', '/run/docker'].filter((p) => !existsSync(p));
  const linksBefore = links();
  const forwarding = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
  const dir = mkdtempSync('/tmp/pb-dockerd-');
  const sock = join(dir, 'docker.sock');
  const env = { DOCKER_HOST: `unix://${sock}` };
  const logFd = openSync(join(dir, 'dockerd.log'), 'a');
  const daemon = spawn(
    'dockerd',
    [
      '--iptables=false',
      '--ip6tables=false',
      '--ip-forward=false',
      '--bridge=none',
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      join(dir, 'docker.pid'),
      '-H',
      `unix://${sock}`,
    ],
    // Its log goes to a file, never a pipe: a caller blocked in spawnSync for minutes would let
    // the pipe fill, and a daemon whose stderr is full stops in the middle of its next call
    // (seen as 30 s hangs creating helper containers).
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const log = () => readFileSync(join(dir, 'dockerd.log'), 'utf8');
  const exited = new Promise((r) => daemon.once('exit', r));
  const docker = (...args) =>
    spawnSync('docker', args, { encoding: 'utf8', env: { ...process.env, ...env } });

  async function stop() {
    const problems = [];
    // Everything of this daemon's, so no bridge (br-*) outlives it.
    const left = (docker('ps', '-aq').stdout ?? '').split(/\s+/).filter(Boolean);
    if (left.length) docker('rm', '-f', ...left);
    docker('network', 'prune', '-f');
    daemon.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 30_000)),
    ]);
    if (!stopped) daemon.kill('SIGKILL');
    // containerd and shims outlive a killed dockerd; nothing of this daemon's may run on.
    const stray = processesUnder(dir);
    for (const pid of stray) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    if (stray.length) problems.push(`killed ${stray.length} process(es) of the daemon left running`);
    // Nothing of the daemon's may stay mounted before its roots go.
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1])
      .filter((m) => m?.startsWith(dir));
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
    rmSync(dir, { recursive: true, force: true });
    for (const p of outside) {
      // An empty /etc/docker that was missing goes too; one with other files stays.
      if (p === '/etc/docker' && existsSync(p) && readdirSync(p).length > 0) continue;
      rmSync(p, { recursive: true, force: true });
    }
    // Docker's own link names only: other namespace tests may add links meanwhile. A network
    // still in use when the daemon stopped keeps its bridge: removed here, then checked.
    const dockers = () =>
      [...links()].filter(
        (l) => !linksBefore.has(l) && /^(docker0|br-[0-9a-f]{12}|veth[0-9a-f]{7})$/.test(l),
      );
    for (const l of dockers()) {
      process.stderr.write(`private dockerd: removing ${l}, left by the daemon\n`);
      spawnSync('ip', ['link', 'del', l], { stdio: 'ignore' });
    }
    if (dockers().length) problems.push(`links left behind: ${dockers().join(', ')}`);
    const ruleset = spawnSync('nft', ['list', 'ruleset'], { encoding: 'utf8' }).stdout ?? '';
    if (/\bDOCKER\b/.test(ruleset)) problems.push('DOCKER rules in the host ruleset');
    if (readFileSync('/proc/mounts', 'utf8').includes(dir)) problems.push(`mounts under ${dir} left behind`);
    if (readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8') !== forwarding)
      problems.push('ip_forward was changed');
    return problems;
  }

  try {
    const ping = () => Promise.resolve(docker('version', '--format', '{{.Server.Version}}').status === 0);
    await until('the private Docker daemon', 60_000, async () => daemon.exitCode === null && (await ping()));
  } catch (e) {
    const tail = log().trimEnd().split('\n').slice(-40).join('\n');
    const problems = await stop();
    throw new Error(
      `${e.message}; dockerd log, last lines:\n${tail}${problems.map((p) => `\n${p}`).join('')}`,
    );
  }
  return { dir, sock, env, log, exited: () => daemon.exitCode !== null, stop };
}
