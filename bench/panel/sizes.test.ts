import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { assetSizes } from './sizes.js';

const dir = mkdtempSync(join(tmpdir(), 'pb-sizes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('assetSizes', () => {
  it('adds up raw and gzip bytes of JS and CSS apart, and ignores other files', () => {
    mkdirSync(join(dir, 'assets'));
    const js = 'console.log("a");\n'.repeat(200);
    writeFileSync(join(dir, 'assets', 'a.js'), js);
    writeFileSync(join(dir, 'assets', 'b.js'), 'x');
    writeFileSync(join(dir, 'assets', 'c.css'), 'p{color:red}');
    writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg/>');
    const s = assetSizes(dir);
    expect(s.jsBytes).toBe(js.length + 1);
    expect(s.cssBytes).toBe(12);
    expect(s.jsGzip).toBe(gzipSync(js, { level: 9 }).length + gzipSync('x', { level: 9 }).length);
    expect(s.jsGzip).toBeLessThan(s.jsBytes);
  });
});
