import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const modulePath = fileURLToPath(new URL('./ffi-rs.ts', import.meta.url));

describe('requireFfiRs', () => {
  it('loads ffi-rs with network details excluded from its diagnostic report, then restores the setting', () => {
    // A fresh process: ffi-rs must be loaded for the first time for its loader to call getReport().
    const script = `
      const seen = [];
      const original = process.report.getReport.bind(process.report);
      process.report.getReport = (...args) => { seen.push(process.report.excludeNetwork); return original(...args); };
      const { requireFfiRs } = await import(${JSON.stringify(modulePath)});
      const ffi = requireFfiRs();
      console.log(JSON.stringify({ seen, after: process.report.excludeNetwork, hasOpen: typeof ffi.open }));
    `;
    const out = execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(result.hasOpen).toBe('function');
    expect(result.seen.length).toBeGreaterThan(0);
    expect(result.seen.every((v: boolean) => v === true)).toBe(true);
    expect(result.after).toBe(false);
  });
});
