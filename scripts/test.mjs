// `npm test`: system set-up, lint, format check, build, type-check, unit + namespace + UI
// tests (Vitest), the GPIO tests in the test VM (one boot), browser end-to-end tests
// (Playwright), then the Docker engine's suite on a private daemon (scripts/docker-suite.mjs,
// ~5-6 min; skipped with the reason by hand where docker is not installed, a failure under
// CI=true). Stops at the first failing step and ends with one summary line of test counts.
// The VM's kernel is built in the background during the first steps (~10 min the first time
// on a fresh machine, cached after; packages/vm).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemDeps } from './system-deps.mjs';

const reports = mkdtempSync(join(tmpdir(), 'pulseboard-test-'));
const vitestJson = join(reports, 'vitest.json');
const playwrightJson = join(reports, 'playwright.json');
const fixtureJson = join(reports, 'playwright-fixture.json');
const examplesJson = join(reports, 'playwright-examples.json');
const vmJson = join(reports, 'vitest-vm.json');
const dockerJsons = [join(reports, 'vitest-docker.json'), join(reports, 'playwright-docker.json')];
const dockerSkipped = join(reports, 'docker-skipped.txt');
const vmCli = 'packages/vm/bin/pulseboard-vm.js';
const kernelScript = 'packages/vm/kernel/build-kernel.sh';

const vmVitest = ['vitest', 'run', '--project', 'vm', '--reporter=default', '--reporter=json'];
const steps = [
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['build', 'npm', ['run', 'build', '--silent']],
  ['typecheck', 'npm', ['run', 'typecheck', '--silent']],
  ['kernel', 'wait', []],
  [
    'vitest',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  ],
  [
    'vm',
    'node',
    [
      vmCli,
      'run',
      '--memory',
      '1024',
      '--shared',
      reports,
      '--',
      'npx',
      ...vmVitest,
      `--outputFile.json=${vmJson}`,
    ],
  ],
  [
    'e2e',
    'npx',
    ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  ],
  // @pulseboard/playwright: its own tests (two workers, clean-up), then the example project a
  // team would copy, exactly as its README runs it (~3 min together).
  [
    'fixture',
    'npx',
    ['playwright', 'test', '-c', 'packages/playwright/test/playwright.config.ts', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: fixtureJson },
  ],
  [
    'examples',
    'npm',
    ['test', '-w', 'examples/playwright-lab', '--', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: examplesJson },
  ],
  ['docker', 'node', ['scripts/docker-suite.mjs'], { PBL_TEST_REPORTS: reports }],
];

if (!ensureSystemDeps()) {
  console.error('Continuing: tests that need the missing packages will fail or be skipped.');
}

// The kernel builds during lint, format, build and type-check (niced), and is joined before
// the timing-sensitive tests start.
const kernelStarted = Date.now();
let kernelLog = '';
const kernelBuild = spawn('nice', ['-n', '19', kernelScript], {
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true, // its own process group, so a failed run can stop make and all its jobs
});
kernelBuild.stdout.on('data', (d) => (kernelLog += d));
kernelBuild.stderr.on('data', (d) => (kernelLog += d));
const kernelDone = new Promise((resolve) => {
  kernelBuild.on('exit', (status) => resolve({ status }));
  kernelBuild.on('error', (err) => resolve({ status: 1, error: err }));
});

let failedStep;
for (const [name, cmd, args, env] of steps) {
  const started = Date.now();
  if (cmd === 'wait') {
    console.log(
      `\n=== ${name}: waiting for ${kernelScript} (started ${((started - kernelStarted) / 1000).toFixed(0)} s ago)`,
    );
    const result = await kernelDone;
    process.stdout.write(kernelLog);
    console.log(
      `=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - kernelStarted) / 1000).toFixed(1)} s`,
    );
    if (result.status !== 0) {
      failedStep = name;
      break;
    }
    continue;
  }
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(
    `=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (result.status !== 0) {
    failedStep = name;
    break;
  }
}

if (failedStep && kernelBuild.exitCode === null) process.kill(-kernelBuild.pid, 'SIGTERM');

const counts = { passed: 0, failed: 0, skipped: 0 };
for (const file of [vitestJson, vmJson, dockerJsons[0]]) {
  if (!existsSync(file)) continue;
  const v = JSON.parse(readFileSync(file, 'utf8'));
  counts.passed += v.numPassedTests ?? 0;
  counts.failed += v.numFailedTests ?? 0;
  counts.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
for (const file of [playwrightJson, fixtureJson, examplesJson, dockerJsons[1]]) {
  if (!existsSync(file)) continue;
  const p = JSON.parse(readFileSync(file, 'utf8'));
  counts.passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  counts.failed += p.stats?.unexpected ?? 0;
  counts.skipped += p.stats?.skipped ?? 0;
}
// The Docker tests count as skipped in the vitest and e2e steps (no daemon there) and again as
// run in the docker step.
if (existsSync(dockerSkipped)) console.log(`\nDocker suite SKIPPED: ${readFileSync(dockerSkipped, 'utf8')}`);
if (failedStep) console.error(`\nnpm test: step "${failedStep}" failed`);
console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
