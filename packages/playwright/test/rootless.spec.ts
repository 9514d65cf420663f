import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

// `npx pulseboard-playwright test` as a user with no privileges at all (root drops to nobody:
// no capabilities, no groups): the fixture runs in the lab's rootless mode, and the host's
// network never sees one of its namespaces, links or tables.
const nobody = 65534;
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');

const hostNamespaces = () =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[0]!);
const rootTables = () => execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' });

interface Outcome {
  code: number | null;
  output: string;
}

/** Runs `command` as nobody with only `env`, in the bind-mounted view (a private mount namespace). */
function asNobody(view: string, cwd: string, env: Record<string, string>, command: string[]) {
  const child = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount --bind "$1" "$2" && cd "$3" && shift 3 && exec "$@"',
      'sh',
      repoRoot,
      view,
      cwd,
      'setpriv',
      `--reuid=${nobody}`,
      `--regid=${nobody}`,
      '--clear-groups',
      '--inh-caps=-all',
      'env',
      '-i',
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      ...command,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<Outcome>((resolve) => child.once('close', (code) => resolve({ code, output })));
  return { child, done };
}

/** A scratch folder nobody owns, with the repository's view, HOME and TMPDIR in it. */
function scratchForNobody() {
  // CI may clone below a folder only root can enter: nobody sees the repository through a
  // bind mount at a folder it can reach, in a private mount namespace (gone with the run).
  const scratch = mkdtempSync(join(tmpdir(), 'pbl-pw-rootless-'));
  const view = join(scratch, 'repo');
  const home = join(scratch, 'home');
  const tmp = join(scratch, 'tmp');
  for (const d of [scratch, home, tmp]) {
    mkdirSync(d, { recursive: true });
    chownSync(d, nobody, nobody);
  }
  mkdirSync(view);
  const env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: home, TMPDIR: tmp };
  const inView = (p: string) => join(view, relative(repoRoot, p));
  return {
    scratch,
    view,
    tmp,
    env,
    inView,
    /** `node ENTRY test -c <the rootless config>`, as nobody sees those files. */
    testWith: (entry: string) => [process.execPath, inView(entry), 'test', '-c', inView(rootlessConfig)],
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

const cli = join(repoRoot, 'packages/playwright/bin/pulseboard-playwright.js');
const playwrightCli = join(repoRoot, 'node_modules/@playwright/test/cli.js');
const rootlessConfig = join(here, 'rootless', 'playwright.config.ts');

test('pulseboard-playwright runs the fixture without root, invisible to the host', async () => {
  test.setTimeout(240_000);
  const s = scratchForNobody();
  const held = join(s.tmp, 'held.json');
  const prefix = `pwrl${process.pid.toString(36).slice(-4)}`;
  const tablesBefore = rootTables();
  const env = {
    ...s.env,
    PBL_ROOTLESS_OUT: join(s.tmp, 'results'),
    PBL_ROOTLESS_HELD: held,
    PBL_ROOTLESS_PREFIX: prefix,
  };
  const { child, done } = asNobody(
    s.view,
    s.inView(join(repoRoot, 'packages/playwright')),
    env,
    s.testWith(cli),
  );
  // Watch the host while the run goes on, not only after.
  const seen = new Set<string>();
  let watching = true;
  const watch = (async () => {
    while (watching) {
      for (const n of hostNamespaces()) if (n.startsWith(prefix)) seen.add(n);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  try {
    const { code, output } = await done;
    watching = false;
    await watch;
    expect(code, output).toBe(0);
    expect(output).toContain('1 passed');
    const inside = JSON.parse(readFileSync(held, 'utf8')) as { uid: number; namespaces: string[] };
    expect(inside.uid).toBe(0);
    expect(inside.namespaces).toHaveLength(2);
    expect([...seen]).toEqual([]);
    for (const ns of inside.namespaces) expect(hostNamespaces()).not.toContain(ns);
    expect(rootTables()).toBe(tablesBefore);
    expect(existsSync(join(s.tmp, 'results'))).toBe(true);
  } finally {
    watching = false;
    child.kill('SIGKILL');
    s.remove();
  }
});

test('where namespaces are not available, the fixture and the CLI refuse with the reason', async () => {
  test.setTimeout(120_000);
  const s = scratchForNobody();
  // The rootless mode turned off stands for a machine without user namespaces.
  const prefix = `pwno${process.pid.toString(36).slice(-4)}`;
  const env = {
    ...s.env,
    PULSEBOARD_LAB_ROOTLESS: '0',
    PBL_ROOTLESS_OUT: join(s.tmp, 'results'),
    PBL_ROOTLESS_PREFIX: prefix,
  };
  const cwd = s.inView(join(repoRoot, 'packages/playwright'));
  try {
    // Plain `playwright test` as nobody: the lab fixture refuses, the test fails (never skips).
    const plain = await asNobody(s.view, cwd, env, s.testWith(playwrightCli)).done;
    expect(plain.code, plain.output).toBe(1);
    expect(plain.output).toContain(
      '@pulseboard/playwright: network namespaces are not available to this user',
    );
    expect(plain.output).toContain('rootless mode turned off (PULSEBOARD_LAB_ROOTLESS=0)');
    expect(plain.output).toContain('1 failed');
    // The CLI says what is missing before starting anything.
    const viaCli = await asNobody(s.view, cwd, env, s.testWith(cli)).done;
    expect(viaCli.code, viaCli.output).toBe(1);
    expect(viaCli.output).toContain(
      'pulseboard-playwright: the lab needs root or unprivileged user namespaces; missing:',
    );
    expect(viaCli.output).not.toContain('passed');
    expect(hostNamespaces().filter((n) => n.startsWith(prefix))).toEqual([]);
  } finally {
    s.remove();
  }
});
