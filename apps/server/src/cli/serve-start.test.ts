import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForListening } from '../testing/listening.js';

// The shipped entry point (the esbuild bundle, as deploy/pulseboard.service runs it) at start:
// SQLite is loaded at the first use of the audit log or chat, not at start (a small board's
// memory, bench/footprint), yet a data dir SQLite could not use still stops the start.
// Needs `npm run build` (npm test builds first). ~3 s: production scrypt for the admin.

const bin = fileURLToPath(new URL('../../bin/pulseboard.js', import.meta.url));
const bundle = fileURLToPath(new URL('../../dist/pulseboard.bundle.js', import.meta.url));
const password = 'serve-start-test-pw';
const children: ChildProcess[] = [];
const dirs: string[] = [];

function serve(dataDir: string, env: Record<string, string> = {}): ChildProcess {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--board', 'sim', '--data', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PULSEBOARD_ADMIN_PASSWORD: password, ...env },
    },
  );
  children.push(child);
  return child;
}

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-serve-start-'));
  dirs.push(dir);
  return dir;
}

const sqliteLoaded = (pid: number) =>
  readFileSync(`/proc/${pid}/maps`, 'utf8').includes('better_sqlite3.node');

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('pulseboard serve (the built bundle) at start', () => {
  it('does not load SQLite until the audit log is first used; logs JSON lines (pino, bundled)', async () => {
    const child = serve(tempDataDir());
    const { url, output } = await waitForListening(child, 20_000);
    expect(sqliteLoaded(child.pid!)).toBe(false);
    const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
    const res = await fetch(`${url}/api/audit`, { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ records: [] });
    expect(sqliteLoaded(child.pid!)).toBe(true);
    // pino writes asynchronously: its line may follow the "Pulseboard on" one.
    for (let i = 0; i < 100 && !/"msg":"listening"/.test(output()); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(output()).toMatch(/^\{"level":30,.*"msg":"listening"\}$/m);
  }, 30_000);

  it('gives start-up memory back to the kernel once, 2 s after listening (malloc_trim)', async () => {
    const child = serve(tempDataDir(), { PULSEBOARD_LOG_LEVEL: 'debug' });
    const { output } = await waitForListening(child, 20_000);
    const line = () => /^\{.*"msg":"malloc_trim after start"\}$/m.exec(output())?.[0];
    for (let i = 0; i < 100 && !line(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(line()!)).toMatchObject({ ok: true, released: expect.any(Boolean) });
  }, 30_000);

  it('still fails at start, naming the file, when audit.db is not a SQLite database', async () => {
    const dataDir = tempDataDir();
    writeFileSync(join(dataDir, 'audit.db'), 'these are not the rows you are looking for\n');
    const child = serve(dataDir);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `pulseboard serve: ${join(dataDir, 'audit.db')}: is not a SQLite database (move it away or restore it from a backup)\n`,
    );
  }, 30_000);
});
