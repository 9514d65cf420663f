import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimUser, clearClaims } from './claim.js';

describe('claimUser', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'pbdk-claim-')), 'claims');
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('gives each owner its own user of the pool and the same one again after a restart', () => {
    expect(claimUser(dir, 'alice', 'h1', 3)).toBe('alice');
    expect(claimUser(dir, 'crowd-*', 'h1', 3)).toBe('crowd-1');
    expect(claimUser(dir, 'crowd-*', 'h2', 3)).toBe('crowd-2');
    expect(claimUser(dir, 'crowd-*', 'h1', 3)).toBe('crowd-1');
    expect(claimUser(dir, 'crowd-*', 'h3', 3)).toBe('crowd-3');
    expect(() => claimUser(dir, 'crowd-*', 'h4', 3)).toThrow(
      'no free user left in the pool crowd-1..crowd-3 (raise PBL_POOL)',
    );
    clearClaims(dir);
    expect(claimUser(dir, 'crowd-*', 'h4', 3)).toBe('crowd-1');
  });
});
