import { readFileSync } from 'node:fs';

// What the kernel says a process costs, read from /proc: resident memory, CPU time, and bytes
// it caused to be written to storage.

/** VmRSS in MiB. */
export function rssMb(pid: number): number {
  return parseRssKb(readFileSync(`/proc/${pid}/status`, 'utf8')) / 1024;
}

export function parseRssKb(status: string): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!m) throw new Error('no VmRSS line');
  return Number(m[1]);
}

/** CPU time used so far, in ms: schedstat's nanoseconds where the kernel has it, else ticks. */
export function cpuMs(pid: number): number {
  try {
    return parseSchedstatMs(readFileSync(`/proc/${pid}/schedstat`, 'utf8'));
  } catch {
    return parseStatCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  }
}

export function parseSchedstatMs(schedstat: string): number {
  const ns = Number(schedstat.trim().split(/\s+/)[0]);
  if (!Number.isFinite(ns)) throw new Error('bad schedstat');
  return ns / 1e6;
}

/** utime + stime from /proc/PID/stat (after the ")" that ends the command name), at 100 Hz. */
export function parseStatCpuMs(stat: string, ticksPerSecond = 100): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** write_bytes from /proc/PID/io: bytes this process sent (or dirtied) toward the block layer. */
export function writeBytes(pid: number): number {
  return parseWriteBytes(readFileSync(`/proc/${pid}/io`, 'utf8'));
}

export function parseWriteBytes(io: string): number {
  const m = /^write_bytes: (\d+)$/m.exec(io);
  if (!m) throw new Error('no write_bytes line');
  return Number(m[1]);
}

/** Percent of one core a process used over `windowMs` (sleeps meanwhile). */
export async function cpuPercent(pid: number, windowMs: number): Promise<number> {
  const before = cpuMs(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const used = cpuMs(pid) - before;
  return (100 * used) / (performance.now() - t0);
}
