import { openLibc, requireFfiRs } from '../../ffi/ffi-rs.js';

// ioctl, poll and fcntl from libc through ffi-rs, for the GPIO character device. Loaded lazily
// on first use so that a board without GPIO (the sim) never touches native code.

export interface GpioLibc {
  /** ioctl(fd, request, buf): `buf` is passed as a pointer and updated in place. Throws with errno. */
  ioctl(fd: number, request: number, buf: Buffer): number;
  /**
   * poll() one fd for POLLIN on a worker thread, so the event loop never blocks. True if
   * readable; throws when the kernel reports the fd dead (POLLERR/POLLHUP: chip removed).
   */
  pollIn(fd: number, timeoutMs: number): Promise<boolean>;
  /** Sets O_NONBLOCK, so a read with nothing queued returns EAGAIN instead of blocking. */
  setNonBlocking(fd: number): void;
}

const LIBRARY = 'pulseboard-libc-gpio';
const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;
const POLLIN = 0x1;
const POLLERR = 0x8;
const POLLHUP = 0x10;
const POLLNVAL = 0x20;
const EINTR = 4;

let cached: GpioLibc | undefined;

export function gpioLibc(): GpioLibc {
  cached ??= load();
  return cached;
}

interface ErrnoResult {
  value: number;
  errnoCode: number;
  errnoMessage: string;
}

function load(): GpioLibc {
  if (process.platform !== 'linux')
    throw new Error(`GPIO character device needs Linux, not ${process.platform}`);
  const ffi = requireFfiRs();
  const opened = openLibc(ffi, LIBRARY);
  if (!opened.ok) throw new Error(opened.reason);
  const { DataType } = ffi;
  const call = (funcName: string, paramsType: number[], paramsValue: unknown[]): ErrnoResult =>
    ffi.load({
      library: LIBRARY,
      funcName,
      retType: DataType.I32,
      paramsType,
      paramsValue,
      errno: true,
    }) as ErrnoResult;
  const check = (r: ErrnoResult, what: string): number => {
    if (r.value >= 0) return r.value;
    const err = new Error(`${what}: ${r.errnoMessage}`) as NodeJS.ErrnoException;
    err.errno = r.errnoCode;
    throw err;
  };
  // ioctl and fcntl are variadic; on the ABIs we support (x86-64, AArch64 Linux, ARM EABI,
  // RISC-V) a variadic pointer/int argument is passed exactly like a fixed one.
  return {
    ioctl(fd, request, buf) {
      return check(
        call('ioctl', [DataType.I32, DataType.U64, DataType.U8Array], [fd, request, buf]),
        `ioctl(0x${request.toString(16)})`,
      );
    },
    async pollIn(fd, timeoutMs) {
      const pfd = Buffer.alloc(8); // struct pollfd { int fd; short events; short revents; }
      pfd.writeInt32LE(fd, 0);
      pfd.writeInt16LE(POLLIN, 4);
      const r = (await ffi.load({
        library: LIBRARY,
        funcName: 'poll',
        retType: DataType.I32,
        paramsType: [DataType.U8Array, DataType.U64, DataType.I32],
        paramsValue: [pfd, 1, timeoutMs],
        errno: true,
        runInNewThread: true,
      })) as ErrnoResult;
      if (r.value < 0 && r.errnoCode === EINTR) return false;
      if (check(r, 'poll') === 0) return false;
      const revents = pfd.readInt16LE(6);
      if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
        const names = Object.entries({ POLLERR, POLLHUP, POLLNVAL }).filter(([, bit]) => revents & bit);
        throw new Error(`poll: ${names.map(([name]) => name).join('|')} (device gone)`);
      }
      return true;
    },
    setNonBlocking(fd) {
      const flags = check(
        call('fcntl', [DataType.I32, DataType.I32, DataType.I32], [fd, F_GETFL, 0]),
        'fcntl(F_GETFL)',
      );
      check(
        call('fcntl', [DataType.I32, DataType.I32, DataType.I32], [fd, F_SETFL, flags | O_NONBLOCK]),
        'fcntl(F_SETFL)',
      );
    },
  };
}
