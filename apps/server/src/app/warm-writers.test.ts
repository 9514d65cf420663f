import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The audit and chat SQLite writers each run in a thread of their own (~10 MB of RSS apiece).
// An idle board runs neither; the first connection starts both, so a panel's first operation
// does not wait for a thread to boot. Counted on a real `pulseboard serve` process.
describe('SQLite writer threads', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('do not run on an idle server and start when someone connects', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pb-warm-'));
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        ...['--conditions=source', '--import', 'tsx', '-e'],
        `import(${JSON.stringify(cli)}).then((m) => m.main(process.argv.slice(1)))`,
        ...['serve', '--port', '0', '--host', '127.0.0.1', '--data', join(dir, 'data')],
      ],
      {
        // The admin is created at start-up (scrypt): libuv's thread pool is up before we count.
        env: { ...process.env, PULSEBOARD_ADMIN_PASSWORD: 'warm-admin-pw', PULSEBOARD_LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((r) => child.once('exit', r));
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await expect.poll(() => /Pulseboard on (\S+)/.exec(out)?.[1], { timeout: 60_000 }).toBeTruthy();
      const url = /Pulseboard on (\S+)/.exec(out)![1]!;
      const threads = () => readdirSync(`/proc/${child.pid}/task`).length;
      // Settled: the same count twice, 1 s apart.
      let idle = threads();
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        if (threads() === idle) break;
        idle = threads();
      }
      const auth = `Basic ${Buffer.from('admin:warm-admin-pw').toString('base64')}`;
      const res = await fetch(`${url}/api/state`, { headers: { authorization: auth } });
      expect(res.status).toBe(200);
      // Exactly two more: the audit writer and the chat writer.
      await expect.poll(threads, { timeout: 30_000 }).toBe(idle + 2);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});
