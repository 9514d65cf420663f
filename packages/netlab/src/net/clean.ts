import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupLeftovers, deleteNamespace, isAlive, listNamespaces } from '@pulseboard/harness/ns/cleanup';

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
    return !!m && Number(m[1]) !== process.pid && !isAlive(Number(m[1]));
  });
  for (const d of stale) rmSync(join(root, d), { recursive: true, force: true });
  return stale;
}
