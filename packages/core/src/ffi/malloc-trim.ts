import { callLibcInt } from './ffi-rs.js';

// glibc's malloc keeps memory a process has freed and hands it back to the kernel only from
// the top of its heap, and only past a threshold that grows as the process frees big blocks.
// Start-up frees a lot (V8's parser and compiler zones for the 1 MB bundle peak at ~7 MB) and
// one live block above the holes pins them: the server's RSS 5 s after start was 59 or 63 MB
// from run to run (bench/footprint). malloc_trim(0) gives every free page of every arena back,
// holes included. It runs once after start-up; glibc then keeps doing its usual top trimming.

const LIBRARY = 'pulseboard-libc-malloc';

export type TrimResult = { ok: true; released: boolean } | { ok: false; reason: string };

/** Calls glibc's malloc_trim(0). `released`: whether any memory went back to the kernel. */
export function trimMalloc(): TrimResult {
  // musl, for one, has no malloc_trim: the symbol is not found.
  const call = callLibcInt(LIBRARY, 'malloc_trim', [0]);
  return call.ok ? { ok: true, released: call.value === 1 } : call;
}
