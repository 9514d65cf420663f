import { openLibc, requireFfiRs } from './ffi-rs.js';

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
  if (process.env.PULSEBOARD_NO_FFI === '1') return { ok: false, reason: 'disabled by PULSEBOARD_NO_FFI=1' };
  if (process.platform !== 'linux') return { ok: false, reason: `unsupported platform ${process.platform}` };
  try {
    const ffi = requireFfiRs();
    const opened = openLibc(ffi, LIBRARY);
    if (!opened.ok) return opened;
    const released = ffi.load({
      library: LIBRARY,
      funcName: 'malloc_trim',
      retType: ffi.DataType.I32,
      paramsType: [ffi.DataType.I32],
      paramsValue: [0],
    }) as number;
    return { ok: true, released: released === 1 };
  } catch (err) {
    // musl, for one, has no malloc_trim: the symbol is not found.
    return { ok: false, reason: `malloc_trim failed: ${(err as Error).message}` };
  }
}
