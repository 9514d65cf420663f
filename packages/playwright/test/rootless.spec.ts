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

test('pulseboard-playwright runs the fixture without root, invisible to the host', async () => {
  test.setTimeout(240_000);
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
  const inView = (p: string) => join(view, relative(repoRoot, p));
  const held = join(tmp, 'held.json');
  const prefix = `pwrl${process.pid.toString(36).slice(-4)}`;
  const tablesBefore = rootTables();
  const env = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: home,
    TMPDIR: tmp,
    PBL_ROOTLESS_OUT: join(tmp, 'results'),
    PBL_ROOTLESS_HELD: held,
    PBL_ROOTLESS_PREFIX: prefix,
  };
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
      inView(join(repoRoot, 'packages/playwright')),
      'setpriv',
      `--reuid=${nobody}`,
      `--regid=${nobody}`,
      '--clear-groups',
      '--inh-caps=-all',
      'env',
      '-i',
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      process.execPath,
      inView(join(repoRoot, 'packages/playwright/bin/pulseboard-playwright.js')),
      'test',
      '-c',
      inView(join(here, 'rootless', 'playwright.config.ts')),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
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
    const code = await exited;
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
    // Its results went where nobody can write, and its session folder is gone.
    expect(existsSync(join(tmp, 'results'))).toBe(true);
  } finally {
    watching = false;
    child.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  }
});
