#!/usr/bin/env node
// The Docker engine's suite on a private Docker daemon (`npm test`'s last step, scripts/test.mjs):
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
// A daemon that cannot start is a failure (exit 1), never a skip. Without docker installed, or
// without root, it is skipped with the reason by hand and fails under CI=true. Needs `npm run
// build` first (the lab UI is served from apps/lab-ui/dist). Afterwards it checks that nothing
// of the daemon's is left: processes, mounts, links (docker0, br-*, veth*), DOCKER rules.
// PBL_TEST_REPORTS=<dir>: the JSON reports (and a skip reason) go there for test.mjs's summary.
// Cost: ~5-6 min on 2 loaded cores, about 1.5 of it the image build.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const project = 'pbsuite';
const labPort = process.env.PBL_LAB_PORT ?? '5170';

const reports = process.env.PBL_TEST_REPORTS;

function fail(msg) {
  process.stderr.write(`docker-suite: ${msg}\n`);
  process.exitCode = 1;
}

/** Not runnable here: a failure under CI=true, a skip with the reason by hand. */
function cannotRun(reason) {
  if (process.env.CI === 'true') return fail(`${reason}; CI must run the Docker suite`);
  process.stdout.write(`docker-suite: SKIPPED, ${reason}\n`);
  if (reports) writeFileSync(join(reports, 'docker-skipped.txt'), reason);
}

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
  const have = spawnSync('sh', ['-c', 'command -v dockerd && command -v docker-compose'], {
    encoding: 'utf8',
  });
  if (have.status !== 0)
    return cannotRun(
      'dockerd and docker-compose are not installed (apt-get install docker.io docker-compose)',
    );
  if (process.getuid?.() !== 0) return cannotRun('needs root (it starts a private dockerd)');
  if (!existsSync(join(root, 'apps/lab-ui/dist/index.html'))) return fail('run `npm run build` first');

  // What dockerd makes outside its roots whatever the flags (its key, a plugins folder):
  // removed afterwards unless they were here before. /etc/docker itself is docker.io's.
  const outside = ['/etc/docker/key.json', '/etc/docker', '/run/docker'].filter((p) => !existsSync(p));
  const linksBefore = links();
  const forwarding = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
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
  const daemonLogFd = openSync(join(dir, 'dockerd.log'), 'a');
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
    // Its log goes to a file, never a pipe: this process blocks in spawnSync for minutes, and a
    // daemon whose stderr pipe fills up stops in the middle of its next call (seen as 30 s
    // hangs creating helper containers).
    { stdio: ['ignore', daemonLogFd, daemonLogFd] },
  );
  closeSync(daemonLogFd);
  const daemonLog = () => readFileSync(join(dir, 'dockerd.log'), 'utf8');
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
    const vitestReport = reports
      ? ['--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest-docker.json')}`]
      : [];
    step(
      'Docker engine suite',
      'npx',
      ['vitest', 'run', 'packages/netlab/src/docker/docker.nstest.ts', ...vitestReport],
      env,
    );
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
      [
        'playwright',
        'test',
        '-c',
        'e2e/playwright.config.ts',
        'docker-lab.spec.ts',
        ...(reports ? ['--reporter=list,json'] : []),
      ],
      {
        ...env,
        PBL_DOCKER_E2E: '1',
        PBL_LAB_URL: `http://127.0.0.1:${labPort}`,
        ...(reports ? { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright-docker.json') } : {}),
      },
    );
  } catch (e) {
    // The daemon's own account of its last moments (a stalled call shows there).
    const tail = daemonLog().trimEnd().split('\n').slice(-40).join('\n');
    fail(
      `${e.message}\n${daemon.exitCode !== null ? 'dockerd exited' : 'dockerd log, last lines'}:\n${tail}`,
    );
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
    // containerd and shims outlive a killed dockerd; nothing of this daemon's may run on.
    const stray = processesUnder(dir);
    for (const pid of stray) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    if (stray.length) fail(`killed ${stray.length} process(es) of the daemon left running`);
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
      process.stderr.write(`docker-suite: removing ${l}, left by the daemon\n`);
      spawnSync('ip', ['link', 'del', l], { stdio: 'ignore' });
    }
    if (dockers().length) fail(`links left behind: ${dockers().join(', ')}`);
    const ruleset = spawnSync('nft', ['list', 'ruleset'], { encoding: 'utf8' }).stdout ?? '';
    if (/\bDOCKER\b/.test(ruleset)) fail('DOCKER rules in the host ruleset');
    if (readFileSync('/proc/mounts', 'utf8').includes(dir)) fail(`mounts under ${dir} left behind`);
    if (readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8') !== forwarding) fail('ip_forward was changed');
  }
}

await main();
