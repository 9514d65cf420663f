import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Maps a URL pathname to a file inside `root`, or null when it would leave it. Checked twice:
 * lexically (`..`, encoded slashes, NUL) and after symlinks are resolved.
 */
export async function resolveInside(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  const candidate = resolve(root, join(...(parts.length ? parts : ['index.html'])));
  if (!isInside(root, candidate)) return null;
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(candidate)]);
    return isInside(realRoot, real) ? real : null;
  } catch {
    return null;
  }
}

function isInside(root: string, file: string): boolean {
  const rel = relative(resolve(root), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep);
}
