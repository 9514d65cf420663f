import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const modulePath = fileURLToPath(new URL('./mmap-threshold.ts', import.meta.url));

/**
 * In a fresh node: optionally fixes the threshold, then runs 24 scrypt logins (16 MiB each, on
 * libuv's 4 threads) as Basic authentication does, and reports how much RSS they left behind.
 */
function scryptLeftoverMb(fix: boolean): { result: unknown; grewMb: number } {
  const script = `
    const { fixMmapThreshold } = await import(${JSON.stringify(modulePath)});
    const { scrypt, randomBytes } = await import('node:crypto');
    const result = ${fix} ? fixMmapThreshold() : null;
    const login = () => new Promise((ok, no) =>
      scrypt('pw', randomBytes(16), 32, { N: 16384, r: 8, p: 1, maxmem: 32 * 2 ** 20 }, (e) => (e ? no(e) : ok())));
    await login(); // the first one maps and unmaps: the raising happens here
    const before = process.memoryUsage.rss();
    for (let i = 0; i < 6; i++) await Promise.all([login(), login(), login(), login()]);
    await new Promise((r) => setTimeout(r, 100));
    console.log(JSON.stringify({ result, grewMb: (process.memoryUsage.rss() - before) / 2 ** 20 }));
  `;
  const out = execFileSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '4' } },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as { result: unknown; grewMb: number };
}

describe('fixMmapThreshold', () => {
  it('scrypt logins leave their 16 MiB blocks behind unless the threshold is fixed', () => {
    const without = scryptLeftoverMb(false);
    const fixed = scryptLeftoverMb(true);
    expect(fixed.result).toEqual({ ok: true });
    // Without: one block per libuv thread's arena stays (~3 x 16 MiB here); fixed: none.
    expect(without.grewMb).toBeGreaterThan(30);
    expect(fixed.grewMb).toBeLessThan(8);
  });
});
