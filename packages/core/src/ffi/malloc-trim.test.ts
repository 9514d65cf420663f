import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const modulePath = fileURLToPath(new URL('./malloc-trim.ts', import.meta.url));

/** Runs `body` in a fresh node (with gc() exposed) that has imported trimMalloc; returns its JSON. */
function run(body: string, env: Record<string, string> = {}): Record<string, unknown> {
  const script = `const { trimMalloc } = await import(${JSON.stringify(modulePath)});\n${body}`;
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('trimMalloc', () => {
  it('gives freed heap pages back to the kernel, even below a block still in use', () => {
    const r = run(`
      const rss = () => process.memoryUsage.rss();
      // ~40 MB of 1 KB blocks from malloc, then one more above them that stays: glibc's own
      // trimming (from the top of the heap only) cannot return the freed ones below it.
      let blocks = Array.from({ length: 40_000 }, () => Buffer.allocUnsafeSlow(1024).fill(1));
      const pin = Buffer.allocUnsafeSlow(1024).fill(2);
      blocks = null;
      for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 50)); }
      const before = rss();
      const result = trimMalloc();
      console.log(JSON.stringify({ result, before, after: rss(), pin: pin[0] }));
    `);
    expect(r.result).toEqual({ ok: true, released: true });
    expect((r.before as number) - (r.after as number)).toBeGreaterThan(20 * 2 ** 20);
  });

  it('does nothing when FFI is turned off, and says so', () => {
    const r = run(`console.log(JSON.stringify(trimMalloc()));`, { PULSEBOARD_NO_FFI: '1' });
    expect(r).toEqual({ ok: false, reason: 'disabled by PULSEBOARD_NO_FFI=1' });
  });
});
