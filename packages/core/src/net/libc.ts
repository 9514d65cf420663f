import { openLibc, requireFfiRs, type FfiRs } from '../ffi/ffi-rs.js';

// setsockopt/getsockopt from libc through ffi-rs. Loaded lazily, once; any failure turns into
// a reason string instead of an exception so callers can fall back to Node's own keepalive.

export interface Libc {
  /** Returns 0 or throws an Error carrying errno. */
  setInt(fd: number, level: number, name: number, value: number): void;
  getInt(fd: number, level: number, name: number): number;
  /** Fills `buf`; returns the length the kernel wrote. */
  getBytes(fd: number, level: number, name: number, buf: Buffer): number;
  /** socket(2): a new fd, or throws with errno. */
  socket(domain: number, type: number, protocol: number): number;
  close(fd: number): void;
}

export type LibcLoad = { ok: true; libc: Libc } | { ok: false; reason: string };

const LIBRARY = 'pulseboard-libc';
let cached: LibcLoad | undefined;

export function loadLibc(): LibcLoad {
  cached ??= tryLoad();
  return cached;
}

/** For tests: forget the cached result so PULSEBOARD_NO_FFI is read again. */
export function resetLibcForTests(): void {
  cached = undefined;
}

function tryLoad(): LibcLoad {
  if (process.env.PULSEBOARD_NO_FFI === '1') return { ok: false, reason: 'disabled by PULSEBOARD_NO_FFI=1' };
  if (process.platform !== 'linux') return { ok: false, reason: `unsupported platform ${process.platform}` };
  let ffi: FfiRs;
  try {
    ffi = requireFfiRs();
  } catch (err) {
    return { ok: false, reason: `ffi-rs failed to load: ${(err as Error).message}` };
  }
  const opened = openLibc(ffi, LIBRARY);
  if (!opened.ok) return opened;
  const libc = bind(ffi);
  // A call on fd -1 must fail with EBADF: proves the symbols resolve and errno comes back.
  try {
    libc.getInt(-1, SOL_SOCKET_PROBE, SO_TYPE_PROBE);
    return { ok: false, reason: 'getsockopt(-1) unexpectedly succeeded' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).errno !== EBADF) {
      return { ok: false, reason: `getsockopt probe failed: ${(err as Error).message}` };
    }
  }
  return { ok: true, libc };
}

const SOL_SOCKET_PROBE = 1;
const SO_TYPE_PROBE = 3;
const EBADF = 9;

function bind(ffi: FfiRs): Libc {
  const { DataType } = ffi;
  // Buffers passed as U8Array are handed to C as pointers and updated in place.
  type Errno = { value: number; errnoCode: number; errnoMessage: string };
  const sockopt = (funcName: 'setsockopt' | 'getsockopt', args: unknown[], lastType: number): Errno =>
    ffi.load({
      library: LIBRARY,
      funcName,
      retType: DataType.I32,
      paramsType: [DataType.I32, DataType.I32, DataType.I32, DataType.U8Array, lastType],
      paramsValue: args,
      errno: true,
    }) as Errno;
  const check = (r: Errno, what: string) => {
    if (r.value === 0) return;
    const err = new Error(`${what} failed: ${r.errnoMessage}`) as NodeJS.ErrnoException;
    err.errno = r.errnoCode;
    throw err;
  };
  const getBytes = (fd: number, level: number, name: number, buf: Buffer): number => {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(buf.length);
    check(
      sockopt('getsockopt', [fd, level, name, buf, len], DataType.U8Array),
      `getsockopt(${level},${name})`,
    );
    return len.readUInt32LE();
  };
  return {
    setInt(fd, level, name, value) {
      const buf = Buffer.alloc(4);
      buf.writeInt32LE(value);
      check(sockopt('setsockopt', [fd, level, name, buf, 4], DataType.I32), `setsockopt(${level},${name})`);
    },
    getInt(fd, level, name) {
      const buf = Buffer.alloc(4);
      getBytes(fd, level, name, buf);
      return buf.readInt32LE();
    },
    getBytes,
    socket(domain, type, protocol) {
      const r = ffi.load({
        library: LIBRARY,
        funcName: 'socket',
        retType: DataType.I32,
        paramsType: [DataType.I32, DataType.I32, DataType.I32],
        paramsValue: [domain, type, protocol],
        errno: true,
      }) as Errno;
      if (r.value < 0) check({ ...r, value: -1 }, 'socket');
      return r.value;
    },
    close(fd) {
      ffi.load({
        library: LIBRARY,
        funcName: 'close',
        retType: DataType.I32,
        paramsType: [DataType.I32],
        paramsValue: [fd],
      });
    },
  };
}
