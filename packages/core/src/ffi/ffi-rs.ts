import { createRequire } from 'node:module';
import type * as FfiRsModule from 'ffi-rs';

export type FfiRs = typeof FfiRsModule;

const LIBC_CANDIDATES = ['libc.so.6', 'libc.musl-x86_64.so.1', 'libc.musl-aarch64.so.1'];

/**
 * Loads ffi-rs. Its loader calls process.report.getReport() to tell glibc from musl, and a
 * report by default resolves the peer name of every open socket with blocking reverse DNS:
 * on a LAN whose DNS server is unreachable that froze the server ~20 s at its first
 * connection. Network details are excluded while it loads.
 */
export function requireFfiRs(): FfiRs {
  const report = process.report as (typeof process.report & { excludeNetwork?: boolean }) | undefined;
  const before = report?.excludeNetwork;
  if (report) report.excludeNetwork = true;
  try {
    return createRequire(import.meta.url)('ffi-rs') as FfiRs;
  } finally {
    if (report && before !== undefined) report.excludeNetwork = before;
  }
}

/** Opens the C library under `library` (first candidate that loads), or says why none did. */
export function openLibc(ffi: FfiRs, library: string): { ok: true } | { ok: false; reason: string } {
  const errors: string[] = [];
  for (const path of LIBC_CANDIDATES) {
    try {
      ffi.open({ library, path });
      return { ok: true };
    } catch (err) {
      errors.push(`${path}: ${(err as Error).message}`);
    }
  }
  return { ok: false, reason: `libc not found (${errors.join('; ')})` };
}

export type LibcIntCall = { ok: true; value: number } | { ok: false; reason: string };

/**
 * Calls a C library function that takes and returns ints, opened under `library`; or says why
 * it could not (FFI turned off, not Linux, no such libc or symbol).
 */
export function callLibcInt(library: string, funcName: string, args: number[]): LibcIntCall {
  if (process.env.PULSEBOARD_NO_FFI === '1') return { ok: false, reason: 'disabled by PULSEBOARD_NO_FFI=1' };
  if (process.platform !== 'linux') return { ok: false, reason: `unsupported platform ${process.platform}` };
  try {
    const ffi = requireFfiRs();
    const opened = openLibc(ffi, library);
    if (!opened.ok) return opened;
    const value = ffi.load({
      library,
      funcName,
      retType: ffi.DataType.I32,
      paramsType: args.map(() => ffi.DataType.I32),
      paramsValue: args,
    }) as number;
    return { ok: true, value };
  } catch (err) {
    return { ok: false, reason: `${funcName} failed: ${(err as Error).message}` };
  }
}
