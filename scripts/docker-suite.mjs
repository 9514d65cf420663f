#!/usr/bin/env node
// The Docker engine's suite on a private Docker daemon (`npm test`'s last step, scripts/test.mjs):
//   1. a private dockerd (scripts/private-dockerd.mjs): its own data/exec roots, pidfile and socket, and
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
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { privateDockerdUnavailable, startPrivateDockerd, until } from './private-dockerd.mjs';

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

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n▶ ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${name} failed (${r.status ?? r.signal})`);
}

async function main() {
  const have = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' });
  const why = privateDockerdUnavailable();
  if (why) return cannotRun(why);
  if (have.status !== 0)
    return cannotRun('docker-compose is not installed (apt-get install docker.io docker-compose)');
  if (!existsSync(join(root, 'apps/lab-ui/dist/index.html'))) return fail('run `npm run build` first');

  let daemon;
  try {
    daemon = await startPrivateDockerd();
  } catch (e) {
    return fail(e.message);
  }
  const env = {
    ...daemon.env,
    PBL_DOCKER_SOCKET: daemon.sock,
    PBL_LAB_PORT: labPort,
    PBL_DOCKER_SUITE: '1',
    // compose v1 gives up on a slow daemon after 60 s (seen under load creating 9 containers).
    COMPOSE_HTTP_TIMEOUT: '300',
  };
  const compose = (...args) => ['docker-compose', ['-p', project, ...args]];
  let composed = false;
  try {
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
    const tail = daemon.log().trimEnd().split('\n').slice(-40).join('\n');
    fail(`${e.message}\n${daemon.exited() ? 'dockerd exited' : 'dockerd log, last lines'}:\n${tail}`);
  } finally {
    if (composed)
      spawnSync(...compose('down', '-v', '--remove-orphans'), {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, ...env },
      });
    for (const problem of await daemon.stop()) fail(problem);
  }
}

await main();
