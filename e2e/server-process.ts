import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForListening } from '@pulseboard/server/testing/listening';

const root = fileURLToPath(new URL('..', import.meta.url));
export const pulseboardBin = join(root, 'apps/server/bin/pulseboard.js');

export interface SeedUser {
  name: string;
  role: 'admin' | 'operator' | 'viewer';
  password: string;
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Output so far (stdout + stderr), for assertions and failure messages. */
  output(): string;
  /** SIGTERM, wait for exit, then delete the data dir unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Reuse a data dir (users already there) instead of a fresh one. */
  dataDir?: string;
  port?: number;
}

function assertBuilt(): void {
  for (const file of ['apps/server/dist/cli.js', 'apps/server/panel/dist/index.html']) {
    if (!existsSync(join(root, file)))
      throw new Error(`${file} is missing: run \`npm run build\` before the e2e tests`);
  }
}

/** `pulseboard users add NAME --role R --password-stdin --data DIR`, as a person would run it. */
export async function addUser(dataDir: string, user: SeedUser): Promise<void> {
  const child = spawn(
    process.execPath,
    [pulseboardBin, 'users', 'add', user.name, '--role', user.role, '--password-stdin', '--data', dataDir],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(`${user.password}\n`);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`users add ${user.name} failed (${code}): ${err}`);
}

/** Starts the built server on a free port with a fresh data dir and the given users. */
export async function startServer(
  users: SeedUser[],
  extraArgs: string[] = [],
  options: StartOptions = {},
): Promise<RunningServer> {
  assertBuilt();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'pulseboard-e2e-')));
  for (const user of users) await addUser(dataDir, user);
  const child = spawn(
    process.execPath,
    [
      pulseboardBin,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--data',
      dataDir,
      '--board',
      'sim',
      '--sim-latency-ms',
      '50',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PULSEBOARD_LOG_LEVEL: 'info' } },
  );
  const { url, output } = await waitForListening(child, 15_000);
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    process: child,
    output,
    async stop(opts = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!opts.keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
