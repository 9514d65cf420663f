import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { clip, createLogger, MAX_LOG_FIELD } from './log.js';

describe('log field limits (issue 12 row 11)', () => {
  it('clips long strings and says how long they were', () => {
    expect(clip('short')).toBe('short');
    expect(clip('x'.repeat(12_000))).toBe(`${'x'.repeat(MAX_LOG_FIELD)}…(12000 chars)`);
    expect(clip(42)).toBe(42);
  });

  it('keeps every logged line short, whatever a request carried', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    createLogger({ level: 'info' }, sink).warn(
      { user: 'u'.repeat(12_000), nested: { url: '/'.repeat(9000) } },
      'authentication failed',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(1000);
    const parsed = JSON.parse(lines[0]!) as { user: string; nested: { url: string } };
    expect(parsed.user.startsWith('uuu')).toBe(true);
    expect(parsed.nested.url).toContain('(9000 chars)');
  });
});
