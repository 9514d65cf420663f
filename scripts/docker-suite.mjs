#!/usr/bin/env node
// The Docker engine's suite on a private Docker daemon (CI runs it from .ci/run, as root):
//   1. dockerd with its own data/exec roots, pidfile and socket under a temp dir, and
//      --iptables=false --ip6tables=false --ip-forward=false --bridge=none: nothing is added to
//      the host's ruleset, no docker0, ip_forward untouched. The lab does not rely on Docker's
//      firewall for containment: with forwarding off nothing leaves the machine, and the lab
//      network is `internal` (no gateway, no route off it).
//   2. the images, from local files only (docker/build.sh; no registry is reached),
//   3. the Docker engine's namespace-suite test (packages/netlab/src/docker/docker.nstest.ts),
//   4. `docker-compose up` -> the lab UI at 127.0.0.1:5170 -> Playwright drives a cable pull
//      and a partition from the UI (e2e/docker-lab.spec.ts) -> `docker-compose down`,
//   5. the daemon stopped and its roots removed, whatever happened.
// A daemon that cannot start is a failure (exit 1), never a skip. Needs `npm run build` first
// (the lab UI is served from apps/lab-ui/dist). Cost: ~4-5 min, most of it the image build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const project = 'pbsuite';
const labPort = process.env.PBL_LAB_PORT ?? '5170';

function fail(msg) {
  process.stderr.write(`docker-suite: ${msg}\n`);
  process.exitCode = 1;
}

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n▶ ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${name} failed (${r.status ?? r.signal})`);
}

async function until(what, ms, probe) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  if (process.getuid?.() !== 0) return fail('needs root (it starts a private dockerd)');
  const have = spawnSync('sh', ['-c', 'command -v dockerd && command -v docker-compose'], {
    encoding: 'utf8',
  });
  if (have.status !== 0)
    return fail('dockerd and docker-compose are not installed (apt-get install docker.io docker-compose)');
  if (!existsSync(join(root, 'apps/lab-ui/dist/index.html'))) return fail('run `npm run build` first');

  // What dockerd makes outside its roots whatever the flags (its key, a plugins folder):
  // removed afterwards unless they were here before.
  const outside = ['/etc/docker', '/run/docker'].filter((p) => !existsSync(p));
  const dir = mkdtempSync('/tmp/pb-dockerd-');
  const sock = join(dir, 'docker.sock');
  const env = {
    DOCKER_HOST: `unix://${sock}`,
    PBL_DOCKER_SOCKET: sock,
    PBL_LAB_PORT: labPort,
    PBL_DOCKER_SUITE: '1',
    // compose v1 gives up on a slow daemon after 60 s (seen under load creating 9 containers).
    COMPOSE_HTTP_TIMEOUT: '300',
  };
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
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let daemonLog = '';
  daemon.stderr.on('data', (d) => (daemonLog = (daemonLog + d.toString()).slice(-20_000)));
  const exited = new Promise((r) => daemon.once('exit', r));
  const compose = (...args) => ['docker-compose', ['-p', project, ...args]];
  let composed = false;
  try {
    const ping = () =>
      Promise.resolve(
        spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
          env: { ...process.env, ...env },
        }).status === 0,
      );
    await until('the private Docker daemon', 60_000, async () => daemon.exitCode === null && (await ping()));
    step('build the images from local files', 'docker/build.sh', [], env);
    step('Docker engine suite', 'npx', ['vitest', 'run', 'packages/netlab/src/docker/docker.nstest.ts'], env);
    composed = true;
    step('docker-compose up', ...compose('up', '-d'), env);
    await until(
      `the lab UI at 127.0.0.1:${labPort}`,
      90_000,
      async () =>
        (await fetch(`http://127.0.0.1:${labPort}/api/lab`, { signal: AbortSignal.timeout(2000) })).ok,
    );
    step(
      'lab UI on Docker (Playwright)',
      'npx',
      ['playwright', 'test', '-c', 'e2e/playwright.config.ts', 'docker-lab.spec.ts'],
      {
        ...env,
        PBL_DOCKER_E2E: '1',
        PBL_LAB_URL: `http://127.0.0.1:${labPort}`,
      },
    );
  } catch (e) {
    fail(`${e.message}${daemon.exitCode !== null ? `\ndockerd exited:\n${daemonLog}` : ''}`);
  } finally {
    if (composed)
      spawnSync(...compose('down', '-v', '--remove-orphans'), {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, ...env },
      });
    // Everything of this daemon's, so no bridge (br-*) outlives it.
    const docker = (...args) =>
      spawnSync('docker', args, { encoding: 'utf8', env: { ...process.env, ...env } });
    const left = (docker('ps', '-aq').stdout ?? '').split(/\s+/).filter(Boolean);
    if (left.length) docker('rm', '-f', ...left);
    docker('network', 'prune', '-f');
    daemon.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 30_000)),
    ]);
    if (!stopped) daemon.kill('SIGKILL');
    // Nothing of the daemon's may stay mounted before its roots go.
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1])
      .filter((m) => m?.startsWith(dir));
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
    rmSync(dir, { recursive: true, force: true });
    for (const p of outside) rmSync(p, { recursive: true, force: true });
    if (spawnSync('ip', ['link', 'show', 'docker0'], { stdio: 'ignore' }).status === 0)
      fail('docker0 was left behind');
  }
}

await main();
