import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside } from './safe-path.js';

describe('resolveInside', () => {
  let root: string;
  let panel: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pbs-static-'));
    panel = join(root, 'panel');
    await mkdir(join(panel, 'assets'), { recursive: true });
    await writeFile(join(panel, 'index.html'), 'index');
    await writeFile(join(panel, 'assets', 'a.js'), 'a');
    await writeFile(join(root, 'secret.txt'), 'secret');
    await symlink(join(root, 'secret.txt'), join(panel, 'leak.txt'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('maps / to index.html and finds nested files', async () => {
    expect(await resolveInside(panel, '/')).toBe(join(panel, 'index.html'));
    expect(await resolveInside(panel, '/assets/a.js')).toBe(join(panel, 'assets', 'a.js'));
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses %s', async (path) => {
    expect(await resolveInside(panel, path)).toBeNull();
  });

  it('refuses a symlink that points out of the folder', async () => {
    expect(await resolveInside(panel, '/leak.txt')).toBeNull();
  });

  it('returns null for a missing file', async () => {
    expect(await resolveInside(panel, '/nope.js')).toBeNull();
  });
});
