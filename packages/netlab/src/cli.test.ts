import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, reportPath } from './cli.js';

// The command line's own behaviour, without a lab: help, bad options, where reports go.
describe('pulseboard-lab command line', () => {
  afterEach(() => vi.restoreAllMocks());
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    return { out, err };
  };

  it.each(['run', 'serve', 'clean', 'caps'])('%s --help prints its usage, exit 0', async (cmd) => {
    const { out } = capture();
    expect(await main([cmd, '--help'])).toBe(0);
    expect(out.join('')).toMatch(new RegExp(`^usage: pulseboard-lab ${cmd}\\b`));
  });

  it('an unknown option is named, with the usage, exit 2', async () => {
    const { err } = capture();
    expect(await main(['run', '--bogus', 'x.ts'])).toBe(2);
    expect(err.join('')).toMatch(/Unknown option '--bogus'[\s\S]*usage: pulseboard-lab run/);
  });

  it('--report FILE.html is that file; anything else a directory of <scenario>.html', () => {
    expect(reportPath('out/r.html', 'power-off', 1)).toBe('out/r.html');
    expect(reportPath('out/reports', 'power-off', 2)).toBe(join('out/reports', 'power-off.html'));
    expect(() => reportPath('r.html', 'power-off', 2)).toThrow(/one file: give a directory for 2 scenarios/);
  });
});
