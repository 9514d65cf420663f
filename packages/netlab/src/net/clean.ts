import { cleanupLeftovers, deleteNamespace, listNamespaces } from '../ns/cleanup.js';

// Leftovers of crashed labs: namespaces PREFIX-<pid>x…-* whose pid is gone (the harness's
// rule, so a live lab is never touched). `force` removes every namespace with the prefix.
// Root-side uplinks need no pass of their own: a veth dies with its peer's namespace.
export async function cleanLeftovers(prefix: string, force = false): Promise<string[]> {
  if (!force) return cleanupLeftovers(prefix);
  const all = (await listNamespaces()).filter((n) => n.startsWith(`${prefix}-`));
  await Promise.all(all.map(deleteNamespace));
  return all;
}
