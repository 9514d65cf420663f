import { describe, expect, it } from 'vitest';
import {
  cpuMs,
  parseRssKb,
  parseSchedstatMs,
  parseStatCpuMs,
  parseWriteBytes,
  rssMb,
  writeBytes,
} from './proc.js';

describe('footprint /proc readers', () => {
  it('parse the kernel formats', () => {
    expect(parseRssKb('Name:\tnode\nVmRSS:\t   97280 kB\nRssAnon:\t 1 kB\n')).toBe(97280);
    expect(parseSchedstatMs('1234567890 222 33\n')).toBeCloseTo(1234.56789);
    // pid (comm with ) and spaces) state ... utime=250 stime=50 ticks
    const stat = `42 (node (x) y) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 1 2 3`;
    expect(parseStatCpuMs(stat)).toBe(3000);
    expect(parseWriteBytes('rchar: 1\nwchar: 2\nwrite_bytes: 4096\ncancelled_write_bytes: 0\n')).toBe(4096);
  });

  it('read this very process', () => {
    expect(rssMb(process.pid)).toBeGreaterThan(10);
    const a = cpuMs(process.pid);
    let x = 0;
    for (let i = 0; i < 2e7; i++) x += i;
    expect(x).toBeGreaterThan(0);
    expect(cpuMs(process.pid)).toBeGreaterThan(a);
    expect(writeBytes(process.pid)).toBeGreaterThanOrEqual(0);
  });
});
