import { callLibcInt } from './ffi-rs.js';

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
  // musl has mallopt as a stub that refuses everything (it maps big blocks anyway).
  const call = callLibcInt(LIBRARY, 'mallopt', [M_MMAP_THRESHOLD, bytes]);
  if (!call.ok) return call;
  // mallopt returns 1 on success, 0 on a value it refuses.
  return call.value === 1
    ? { ok: true }
    : { ok: false, reason: `mallopt(M_MMAP_THRESHOLD, ${bytes}) refused` };
}
