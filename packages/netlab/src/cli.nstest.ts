import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { main } from './cli.js';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { builtinScenarioDir } from './util/paths.js';

// `pulseboard-lab run FILE --json OUT --report FILE.html`, as CI calls it.
describeAsRoot('pulseboard-lab run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the JSON result and the HTML report, exit code 0 when it passes', async () => {
    const out = join(dir, 'result.json');
    const code = await main([
      'run',
      join(builtinScenarioDir, 'cable-pull-idle.ts'),
      '--json',
      out,
      '--report',
      join(dir, 'r.html'),
      '--prefix',
      'pbx',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { status: string; events: { type: string }[] };
    expect(result.status).toBe('passed');
    expect(result.events.some((e) => e.type === 'detected')).toBe(true);
    // The report is the file named, not a directory of that name.
    expect(statSync(join(dir, 'r.html')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  }, 60_000);
});
