import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { openUserStore } from '@pulseboard/core/auth/index';
import { serverRoot } from '../util/paths.js';

// The real `pulseboard serve` process, in its own host namespace or on the host side.
// Its stdout (JSON lines) is handed to `onLine` so the lab can read detection records.

export interface BoardProcessOptions {
  /** Namespace to run in; undefined = root namespace (host side). */
  ns?: string;
  host: string;
  port: number;
  dataDir: string;
  board?: string;
  /** Extra `pulseboard serve` flags, e.g. ['--max-users', '200']. */
  args?: string[];
  onLine: (line: string) => void;
  env?: Record<string, string>;
}

/** Lab users' passwords are derived from the name: the board lives on the lab's own network. */
export function labPassword(user: string): string {
  return `lab-${user}-pw`;
}

/** Add users straight into the board's users.json (the server re-reads it when it changes). */
export async function ensureUsers(
  dataDir: string,
  users: string[],
  role: 'operator' | 'admin' = 'operator',
): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Lab-only passwords on an isolated network: a cheap scrypt keeps 50 simultaneous logins
  // from stalling the board.
  const store = openUserStore({ dataDir, scrypt: { N: 1024, r: 8, p: 1, keylen: 32 } });
  for (const u of users) {
    if (!store.get(u)) await store.add(u, labPassword(u), role);
  }
}

/**
 * The server's command line. From source through tsx when the sources are there (always
 * current), else the installed bin. The CLI module exports main() without calling it, so a
 * one-line ESM launcher calls it; the lab never imports the app itself (deps point one way).
 */
export function serverCommand(): string[] {
  const src = join(serverRoot, 'src/cli.ts');
  if (!existsSync(src)) return [join(serverRoot, 'bin/pulseboard.js')];
  const launcher = `const m = await import(${JSON.stringify(pathToFileURL(src).href)}); process.exitCode = await m.main(process.argv.slice(1));`;
  return ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', launcher];
}

export function spawnBoard(o: BoardProcessOptions): ChildProcess {
  const args = [...serverCommand(), 'serve', '--host', o.host, '--port', String(o.port), '--data', o.dataDir];
  args.push('--board', o.board ?? 'sim', ...(o.args ?? []));
  const [cmd, argv] = o.ns
    ? ['ip', ['netns', 'exec', o.ns, process.execPath, ...args]]
    : [process.execPath, args];
  const child = spawn(cmd, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PULSEBOARD_LOG_LEVEL: 'debug', ...o.env },
    cwd: serverRoot,
  });
  createInterface({ input: child.stdout! }).on('line', o.onLine);
  createInterface({ input: child.stderr! }).on('line', o.onLine);
  return child;
}

export async function waitHealthy(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`board exited with code ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(url + '/healthz', { signal: AbortSignal.timeout(500) });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`board not healthy at ${url} within ${timeoutMs} ms`);
}
