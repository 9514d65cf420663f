import { spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { describeAsRoot } from '@pulseboard/harness/testing/root';

// `pulseboard-lab serve` ends on Ctrl-C even while a lab tab is open (its stream WebSocket and
// a keep-alive connection), and removes its lab. Cost: ~5 s.
describeAsRoot('pulseboard-lab serve', () => {
  it('ends on SIGINT with a tab open, exit 0', async () => {
    const port = 5290 + (process.pid % 50);
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        join(import.meta.dirname, 'cli-main.ts'),
        'serve',
        '--port',
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      for (let i = 0; i < 300 && !out.includes(`http://127.0.0.1:${port}/`); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`http://127.0.0.1:${port}/ (lab `);
      // The tab: the event stream and a pooled keep-alive request.
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/stream`);
      await new Promise((r, j) => (ws.once('message', r), ws.once('error', j)));
      const agent = new Agent({ keepAlive: true });
      await new Promise<void>((r, j) =>
        request(`http://127.0.0.1:${port}/api/lab`, { agent }, (res) => (res.resume(), res.on('end', r)))
          .on('error', j)
          .end(),
      );
      const t0 = Date.now();
      child.kill('SIGINT');
      const code = await Promise.race([
        exited,
        new Promise((r) => setTimeout(() => r('still running'), 15_000)),
      ]);
      expect(code, out).toBe(0);
      expect(Date.now() - t0).toBeLessThan(15_000);
      agent.destroy();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
