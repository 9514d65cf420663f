import { openLibc, requireFfiRs } from './ffi-rs.js';

// glibc serves a block above its mmap threshold (128 KiB) with its own mapping, unmapped on
// free. But freeing such a block raises the threshold to its size (up to 32 MiB), so later
// blocks that big come from an arena and stay there once freed. scrypt needs 16 MiB per Basic
// login on a libuv thread, each thread has its own arena: after a few logins the server held
// ~64 MiB it no longer used (bench/footprint: RSS 150 MB with 200 connections, bare ws 59 MB).
// Setting the threshold explicitly turns that raising off, so big blocks go back at free.

const LIBRARY = 'pulseboard-libc-mallopt';
/** mallopt's parameter number for M_MMAP_THRESHOLD (malloc.h). */
const M_MMAP_THRESHOLD = -3;
/** glibc's own starting value: blocks this big or bigger are mapped, and unmapped on free. */
export const MMAP_THRESHOLD_BYTES = 128 * 1024;

export type MalloptResult = { ok: true } | { ok: false; reason: string };

/** Fixes glibc's mmap threshold at `bytes` for the life of the process. */
export function fixMmapThreshold(bytes = MMAP_THRESHOLD_BYTES): MalloptResult {
  if (process.env.PULSEBOARD_NO_FFI === '1') return { ok: false, reason: 'disabled by PULSEBOARD_NO_FFI=1' };
  if (process.platform !== 'linux') return { ok: false, reason: `unsupported platform ${process.platform}` };
  try {
    const ffi = requireFfiRs();
    const opened = openLibc(ffi, LIBRARY);
    if (!opened.ok) return opened;
    const done = ffi.load({
      library: LIBRARY,
      funcName: 'mallopt',
      retType: ffi.DataType.I32,
      paramsType: [ffi.DataType.I32, ffi.DataType.I32],
      paramsValue: [M_MMAP_THRESHOLD, bytes],
    }) as number;
    // mallopt returns 1 on success, 0 on a value it refuses.
    return done === 1 ? { ok: true } : { ok: false, reason: `mallopt(M_MMAP_THRESHOLD, ${bytes}) refused` };
  } catch (err) {
    // musl has mallopt as a stub (and maps big blocks anyway); a libc without it lands here.
    return { ok: false, reason: `mallopt failed: ${(err as Error).message}` };
  }
}
