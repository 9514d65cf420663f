import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Two real `pulseboard serve` runs on one data dir (~2 × 2 s): the first creates admin from
// PULSEBOARD_ADMIN_PASSWORD; the second is given another password and must say it ignores it.

const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pb-admin-pw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serveOnce(password: string, check: (url: string) => Promise<void>): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      '-e',
      `import(${JSON.stringify(cli)}).then((m) => m.main(process.argv.slice(1)))`,
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data',
      join(dir, 'data'),
    ],
    {
      env: { ...process.env, PULSEBOARD_ADMIN_PASSWORD: password, PULSEBOARD_LOG_LEVEL: 'warn' },
      stdio: 'pipe',
    },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Pulseboard on (http:\/\/\S+) /.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  try {
    await check(url);
  } finally {
    const exited = new Promise((res) => child.on('exit', res));
    child.kill('SIGTERM');
    await exited;
  }
  return out + err;
}

describe('PULSEBOARD_ADMIN_PASSWORD', () => {
  it('creates the first admin, and later is reported as ignored in the log, on stderr and on /healthz', async () => {
    const basic = (pw: string) => ({
      Authorization: `Basic ${Buffer.from(`admin:${pw}`).toString('base64')}`,
    });
    const first = await serveOnce('first-pw', async (url) => {
      const health = (await (await fetch(`${url}/healthz`, { headers: basic('first-pw') })).json()) as {
        warnings: unknown[];
      };
      expect(health.warnings).toEqual([]);
    });
    expect(first).toContain('Created user "admin"');
    expect(first).not.toContain('ignored');

    const second = await serveOnce('second-pw', async (url) => {
      // The first password still holds; the second one changed nothing.
      expect((await fetch(`${url}/healthz`, { headers: basic('second-pw') })).status).toBe(401);
      const health = (await (await fetch(`${url}/healthz`, { headers: basic('first-pw') })).json()) as {
        warnings: { code: string; message: string }[];
      };
      expect(health.warnings.map((w) => w.code)).toEqual(['ADMIN_PASSWORD_IGNORED']);
      expect(health.warnings[0]?.message).toContain('PULSEBOARD_ADMIN_PASSWORD is set but ignored');
    });
    expect(second).toContain('Warning: PULSEBOARD_ADMIN_PASSWORD is set but ignored');
    expect(second).toMatch(/"code":"ADMIN_PASSWORD_IGNORED"/);
  }, 60_000);
});
