import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupLeftovers, deleteNamespace, listNamespaces } from '@pulseboard/harness/ns/cleanup';

// Leftovers of crashed labs: namespaces PREFIX-<pid>x…-* whose pid is gone (the harness's
// rule, so a live lab is never touched). `force` removes every namespace with the prefix.
// Root-side uplinks need no pass of their own: a veth dies with its peer's namespace.
export async function cleanLeftovers(prefix: string, force = false): Promise<string[]> {
  if (!force) return cleanupLeftovers(prefix);
  const all = (await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`));
  await Promise.all(all.map(deleteNamespace));
  return all;
}

/** Scratch folders of crashed labs (`<pid>x<hex>` under .lab-runs) whose pid is gone. */
export function cleanRunDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  const stale = readdirSync(root).filter((d) => {
    const m = /^(\d+)x[0-9a-f]+$/.exec(d);
    if (!m || Number(m[1]) === process.pid) return false;
    try {
      process.kill(Number(m[1]), 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  });
  for (const d of stale) rmSync(join(root, d), { recursive: true, force: true });
  return stale;
}
