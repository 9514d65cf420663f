import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gpioLibc } from './libc.js';

// The ffi-rs plumbing on something every Linux has: a FIFO. If ioctl mis-passed its buffer or
// poll blocked the event loop, these would fail the same way the GPIO driver would.
const FIONREAD = 0x541b;

describe.runIf(process.platform === 'linux')('gpioLibc', () => {
  let fd = -1;
  afterEach(() => {
    if (fd >= 0) closeSync(fd);
    fd = -1;
  });
  const fifo = (): number => {
    const path = join(mkdtempSync(join(tmpdir(), 'pb-libc-')), 'fifo');
    execFileSync('mkfifo', [path]);
    fd = openSync(path, constants.O_RDWR); // O_RDWR on a FIFO never blocks on Linux
    return fd;
  };

  it('ioctl passes the buffer as a pointer and the kernel fills it', () => {
    const f = fifo();
    writeSync(f, Buffer.from('hello'));
    const count = Buffer.alloc(4);
    expect(gpioLibc().ioctl(f, FIONREAD, count)).toBe(0);
    expect(count.readInt32LE()).toBe(5);
  });

  it('ioctl throws with errno on failure', () => {
    expect(() => gpioLibc().ioctl(-1, FIONREAD, Buffer.alloc(4))).toThrow(
      expect.objectContaining({ errno: 9 }),
    );
  });

  it('pollIn times out without data, wakes on data, and never blocks the event loop', async () => {
    const f = fifo();
    gpioLibc().setNonBlocking(f);
    expect(() => readSync(f, Buffer.alloc(1))).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    expect(await gpioLibc().pollIn(f, 20)).toBe(false);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    setTimeout(() => writeSync(f, Buffer.from('x')), 60);
    const t0 = performance.now();
    expect(await gpioLibc().pollIn(f, 2000)).toBe(true);
    clearInterval(ticker);
    // The write comes from this thread's timer: had poll blocked the event loop it could not
    // fire, and poll would have run into its 2 s timeout. Tick counts vary with machine load.
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(ticks).toBeGreaterThan(0);
  });
});
