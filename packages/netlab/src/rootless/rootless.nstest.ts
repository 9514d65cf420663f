import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { run } from '../util/exec.js';
import { builtinScenarioDir, netlabSrc, repoRoot } from '../util/paths.js';

// The rootless mode end to end: root drops to `nobody` (no capabilities, no groups), runs a
// built-in scenario, and the real host sees nothing of it: no namespace, no link, no nft table.
const nobody = 65534;
const cliMain = join(netlabSrc, 'cli-main.ts');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The repository as nobody sees it: CI may clone it below a folder only root can enter (say
// /root), so each command runs in a private mount namespace where the clone is bind-mounted
// at `view`, a folder nobody can reach. Nothing of this mount is visible on the host.
const scratch = mkdtempSync(join(tmpdir(), 'pbx-rootless-'));
const view = join(scratch, 'repo');
const viewOf = (path: string) => join(view, relative(repoRoot, path));

/** As nobody (no groups, no capabilities), in the bind-mounted view of the repository. */
function nobodyArgv(command: string[]): string[] {
  return [
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    'mount --bind "$1" "$2" && cd "$2" && shift 2 && exec "$@"',
    'sh',
    repoRoot,
    view,
    'setpriv',
    `--reuid=${nobody}`,
    `--regid=${nobody}`,
    '--clear-groups',
    '--inh-caps=-all',
    ...command,
  ];
}

/** `pulseboard-lab ARGS` as nobody with a clean environment; HOME and TMPDIR are folders nobody owns. */
function spawnAsNobody(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(
    'unshare',
    nobodyArgv([
      'env',
      '-i',
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      process.execPath,
      '--conditions=source',
      '--import',
      'tsx',
      viewOf(cliMain),
      ...args,
    ]),
    { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function asNobody(args: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawnAsNobody(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const hostNamespaces = async () => (await run('ip', ['netns', 'list'])).split('\n').filter(Boolean).sort();
const hostLinks = async () =>
  (await run('ip', ['-o', 'link', 'show']))
    .split('\n')
    .map((l) => l.split(':')[1]?.trim().split('@')[0])
    .filter((n): n is string => !!n);
const rootNftTables = async () => (await run('nft', ['list', 'tables'])).trim();

describeAsRoot('pulseboard-lab without root (user namespace)', () => {
  const dir = scratch;
  const home = join(dir, 'home');
  const tmp = join(dir, 'tmp');
  const env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: home, TMPDIR: tmp };
  // A prefix of this run's own: namespaces and links of the lab carry it.
  const prefix = `pbr${process.pid.toString(36)}`;

  beforeAll(() => {
    for (const d of [dir, home, tmp]) {
      mkdirSync(d, { recursive: true });
      chownSync(d, nobody, nobody);
    }
    mkdirSync(view);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('nobody can read the repository and node_modules', async () => {
    const r = await new Promise<number | null>((resolve) =>
      spawn(
        'unshare',
        nobodyArgv([
          'sh',
          '-c',
          'test -r "$1/package.json" && test -r "$1/node_modules/tsx/package.json" && test -r "$1/scenarios/cable-pull-idle.ts"',
          'sh',
          view,
        ]),
        { stdio: 'ignore' },
      ).on('close', resolve),
    );
    expect(r).toBe(0);
  });

  it('runs cable-pull-idle as nobody; nothing appears in the host network', async () => {
    const before = { nft: await rootNftTables() };
    // Watch the host while the lab runs, not only before and after.
    const seen = new Set<string>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        for (const n of await hostNamespaces()) if (n.includes(prefix)) seen.add(`netns ${n}`);
        for (const l of await hostLinks()) if (l.includes(prefix)) seen.add(`link ${l}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const out = join(tmp, 'result.json');
    const r = await asNobody(
      ['run', viewOf(join(builtinScenarioDir, 'cable-pull-idle.ts')), '--json', out, '--prefix', prefix],
      env,
    );
    watching = false;
    await watch;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { status: string; events: { type: string }[] };
    expect(result.status).toBe('passed');
    expect(result.events.some((e) => e.type === 'detected')).toBe(true);
    expect([...seen]).toEqual([]);
    // Other labs may come and go on this machine: none of ours, and the root nft ruleset untouched.
    expect((await hostNamespaces()).filter((n) => n.includes(prefix))).toEqual([]);
    expect(await rootNftTables()).toBe(before.nft);
    // Run folders went to nobody's state folder, and this session's scratch folder is gone.
    expect(existsSync(join(home, '.local/state/pulseboard-lab/runs/results'))).toBe(true);
    expect(readdirSync(join(home, '.local/state/pulseboard-lab/sessions'))).toEqual([]);
  }, 90_000);

  it('serve as nobody: the lab API port stays in the real network namespace, proxied inside', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawnAsNobody(['serve', '--port', String(port)], env);
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    try {
      await expect.poll(() => stdout, { timeout: 30_000 }).toContain(`http://127.0.0.1:${port}/`);
      const base = `http://127.0.0.1:${port}`;
      const headers = { 'content-type': 'application/json', origin: base };
      await expect
        .poll(async () => (await fetch(`${base}/api/lab`).then((r) => r.json())) as object, {
          timeout: 30_000,
        })
        .toHaveProperty('capabilities');
      const board = await fetch(`${base}/api/board/start`, { method: 'POST', headers, body: '{}' });
      expect(board.status).toBe(200);
      expect(((await board.json()) as { running: boolean }).running).toBe(true);
      const added = await fetch(`${base}/api/clients`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'tcp', user: 'alice' }),
      });
      expect(added.status).toBe(201);
      const clients = (await added.json()) as { ns?: string }[];
      const names = clients.map((c) => c.ns).filter((n): n is string => !!n);
      expect(names.length).toBe(1);
      // The lab's namespaces exist only inside: the host has none of them.
      const host = (await hostNamespaces()).map((l) => l.split(' ')[0]);
      expect(names.filter((n) => host.includes(n))).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // The outer process removed its socket folder.
    expect(readdirSync(tmp).filter((f) => f.startsWith('pulseboard-lab-'))).toEqual([]);
  }, 90_000);

  it('caps says rootless as nobody', async () => {
    const r = await asNobody(['caps'], env);
    expect(r.code).toBe(0);
    const caps = JSON.parse(r.stdout) as { mode: string; missing: string[] };
    expect(caps.mode).toBe('rootless');
    expect(caps.missing).toEqual([]);
  });

  it('without `unshare` it says exactly what is missing and builds nothing', async () => {
    // A PATH with everything the lab uses except unshare.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of ['sh', 'ip', 'nft', 'tc', 'mount']) {
      const path = (await run('sh', ['-c', `command -v ${tool}`], { allowFail: true })).trim();
      if (path) symlinkSync(path, join(bin, tool));
    }
    const noUnshare = { ...env, PATH: bin };
    const before = await hostNamespaces();
    const r = await asNobody(
      ['run', viewOf(join(builtinScenarioDir, 'cable-pull-idle.ts')), '--prefix', prefix],
      noUnshare,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the lab needs root or unprivileged user namespaces; missing:');
    expect(r.stderr).toContain(
      'unshare: not on PATH, needed for the rootless mode (apt-get install util-linux)',
    );
    // Other labs may come and go on this machine meanwhile: none of ours appeared.
    expect((await hostNamespaces()).filter((n) => n.includes(prefix) && !before.includes(n))).toEqual([]);
    const caps = await asNobody(['caps'], noUnshare);
    const report = JSON.parse(caps.stdout) as { mode: string; missing: string[] };
    expect(report.mode).toBe('unavailable');
    expect(report.missing).toContain(
      'unshare: not on PATH, needed for the rootless mode (apt-get install util-linux)',
    );
  });
});
