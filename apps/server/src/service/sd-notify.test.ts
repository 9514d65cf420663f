import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@pulseboard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { serviceNotifier } from './sd-notify.js';
import { openUnixDgram, sockaddrUn, type UnixDgram } from './unix-dgram.js';

// The notification protocol on real kernel unix datagram sockets: a receiver bound where
// systemd's would be, reading exactly what the server sends.

let receiver: UnixDgram | undefined;
let dir: string | undefined;
afterEach(() => {
  receiver?.close();
  receiver = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function listen(path: string): UnixDgram {
  receiver = openUnixDgram();
  receiver.bind(path);
  return receiver;
}

async function collect(
  r: UnixDgram,
  until: (all: string[]) => boolean,
  timeoutMs = 10_000,
): Promise<string[]> {
  const all: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!until(all)) {
    if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(all)}`);
    const m = r.receive();
    if (m === null) await new Promise((res) => setTimeout(res, 10));
    else all.push(m);
  }
  return all;
}

describe('sockaddrUn', () => {
  it('encodes path and abstract names with the lengths the kernel expects', () => {
    const p = sockaddrUn('/run/x');
    expect(p.addr.readUInt16LE(0)).toBe(1);
    expect(p.addr.toString('utf8', 2, 8)).toBe('/run/x');
    expect(p.length).toBe(2 + 6 + 1);
    const a = sockaddrUn('@sd');
    expect([...a.addr.subarray(2, 5)]).toEqual([0, 0x73, 0x64]);
    expect(a.length).toBe(2 + 3);
    expect(() => sockaddrUn(`/${'x'.repeat(120)}`)).toThrow(/too long/);
  });
});

describe('serviceNotifier', () => {
  it('sends READY, watchdog beats at half the period, and STOPPING', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pb-notify-'));
    const path = join(dir, 'notify');
    const r = listen(path);
    const n = serviceNotifier(silentLogger, { NOTIFY_SOCKET: path, WATCHDOG_USEC: '200000' });
    expect(n.watchdogMs).toBe(200);
    n.ready('serving');
    const started = Date.now();
    const got = await collect(r, (all) => all.filter((m) => m === 'WATCHDOG=1').length >= 3);
    expect(got[0]).toBe(`READY=1\nMAINPID=${process.pid}\nSTATUS=serving`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250); // 100 ms apart, not a burst
    n.stopping();
    expect(await collect(r, (all) => all.includes('STOPPING=1'))).toContain('STOPPING=1');
    n.close();
  });

  it('works with an abstract socket name, and ignores a watchdog meant for another pid', async () => {
    const name = `@pulseboard-test-${process.pid}-${Date.now()}`;
    const r = listen(name);
    const n = serviceNotifier(silentLogger, {
      NOTIFY_SOCKET: name,
      WATCHDOG_USEC: '100000',
      WATCHDOG_PID: '1',
    });
    expect(n.watchdogMs).toBeNull();
    n.ready();
    expect(await collect(r, (all) => all.length === 1)).toEqual([`READY=1\nMAINPID=${process.pid}`]);
    n.close();
  });

  it('is a no-op outside systemd', () => {
    const n = serviceNotifier(silentLogger, {});
    expect(n.watchdogMs).toBeNull();
    n.ready();
    n.stopping();
    n.close();
  });

  it('pulseboard serve: READY after it listens, beats while serving, STOPPING on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pb-notify-serve-'));
    const path = join(dir, 'notify');
    const r = listen(path);
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
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
        env: {
          ...process.env,
          NOTIFY_SOCKET: path,
          WATCHDOG_USEC: '400000',
          PULSEBOARD_ADMIN_PASSWORD: 'x-admin-pw',
          PULSEBOARD_LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const ready = await collect(r, (all) => all.some((m) => m.startsWith('READY=1')), 30_000);
    expect(out).toContain('Pulseboard on'); // READY only once it listens
    expect(ready.find((m) => m.startsWith('READY=1'))).toMatch(
      new RegExp(`^READY=1\\nMAINPID=${child.pid}\\nSTATUS=serving http://127\\.0\\.0\\.1:\\d+$`),
    );
    await collect(r, (all) => all.filter((m) => m === 'WATCHDOG=1').length >= 2);
    const exited = new Promise((res) => child.on('exit', res));
    child.kill('SIGTERM');
    await collect(r, (all) => all.includes('STOPPING=1'));
    expect(await exited).toBe(0);
  });
});
