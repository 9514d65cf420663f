import { ownerPid } from './names.js';
import { run } from './run.js';

export async function listNamespaces(): Promise<string[]> {
  const out = await run('ip', ['netns', 'list']);
  return out
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter(Boolean);
}

/** A process with this pid exists (ours or someone else's: EPERM means it exists). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills whatever still runs in a namespace, then deletes it (its veths and bridge go with it). */
export async function deleteNamespace(ns: string): Promise<void> {
  const pids = await run('ip', ['netns', 'pids', ns]).catch(() => '');
  for (const pid of pids.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await run('ip', ['netns', 'del', ns]).catch(() => undefined);
}

/**
 * Removes namespaces named PREFIX-<pid>x… whose creating process is gone (a crashed run).
 * A live run's namespaces are left alone, so parallel runs can call this safely.
 */
export async function cleanupLeftovers(prefix: string): Promise<string[]> {
  const stale = (await listNamespaces()).filter((ns) => {
    const pid = ownerPid(prefix, ns);
    return pid !== undefined && (pid === process.pid ? false : !isAlive(pid));
  });
  await Promise.all(stale.map(deleteNamespace));
  return stale;
}
