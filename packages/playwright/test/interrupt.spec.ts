import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

// Ctrl-C in a terminal sends SIGINT to the whole foreground process group: the Playwright
// runner, its workers and whatever they started. A run interrupted in the middle of a test
// (panel open, client connected, fault applied) must leave nothing on the machine; a run
// killed hard (SIGKILL) leaves its namespaces, which the next run with the same prefix removes.
test.describe.configure({ mode: 'serial' });

const here = dirname(fileURLToPath(import.meta.url));
const config = join(here, 'interrupted', 'playwright.config.ts');

interface Held {
  prefix: string;
  runDir: string;
  uplink: string;
  namespaces: string[];
}

const namespaces = () =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[0]!);
const labNamespaces = (prefix: string) => namespaces().filter((n) => n.startsWith(`${prefix}-`));
const rootLinks = () => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
const rootTables = () => execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' });
/** Processes whose command line names `needle` (the lab's run folder: board, clients, wrappers). */
const processesNaming = (needle: string) =>
  execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo'));

/** Starts the held run in a process group of its own; resolves once its lab is up. */
async function holdRun() {
  const ready = join(tmpdir(), `pbl-interrupt-${process.pid}.json`);
  rmSync(ready, { force: true });
  const child = spawn('npx', ['playwright', 'test', '-c', config], {
    detached: true,
    env: { ...process.env, PBL_INTERRUPT_READY: ready, PBL_INTERRUPT_PREFIX: 'pwint' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // the group is gone already
    }
  };
  const deadline = Date.now() + 180_000;
  while (!existsSync(ready) && child.exitCode === null && child.signalCode === null && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  if (!existsSync(ready)) {
    signal('SIGKILL');
    throw new Error(`the held run never got its lab up:\n${output}`);
  }
  const held = JSON.parse(readFileSync(ready, 'utf8')) as Held;
  rmSync(ready, { force: true });
  return {
    held,
    /** Sends `s` to the whole group, as a terminal does; resolves when the runner has exited. */
    async stop(s: NodeJS.Signals): Promise<void> {
      signal(s);
      const ended = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 90_000)),
      ]);
      signal('SIGKILL');
      expect(ended, `the run did not end after ${s}:\n${output}`).toBe(true);
    },
  };
}

test('a hard kill leaves namespaces the next run removes; Ctrl-C in the middle of a test leaves nothing', async () => {
  test.setTimeout(300_000);
  const tablesBefore = rootTables();
  const killed = await holdRun();
  await killed.stop('SIGKILL');
  // SIGKILL runs no clean-up: the namespaces stay (the processes died with the group).
  expect(labNamespaces(killed.held.prefix)).toEqual(expect.arrayContaining(killed.held.namespaces));

  const run = await holdRun();
  const { held } = run;
  for (const ns of killed.held.namespaces) expect(namespaces()).not.toContain(ns);
  expect(namespaces()).toEqual(expect.arrayContaining(held.namespaces));
  expect(rootLinks()).toContain(held.uplink);
  expect(processesNaming(held.runDir).length).toBeGreaterThan(0);

  await run.stop('SIGINT');

  expect(labNamespaces(held.prefix)).toEqual([]);
  expect(rootLinks()).not.toContain(held.uplink);
  expect(processesNaming(held.runDir)).toEqual([]);
  expect(rootTables()).toBe(tablesBefore);
});
