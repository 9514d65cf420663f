import { randomBytes } from 'node:crypto';

// Every namespace a lab makes is named PREFIX-RUNID-ROLE, and the run id starts with the pid of
// the process that made it, so leftovers of a crashed run can be told from a live run's.
export const DEFAULT_PREFIX = 'pbl';

export function newRunId(): string {
  return `${process.pid}x${randomBytes(2).toString('hex')}`;
}

export function nsName(prefix: string, runId: string, role: string): string {
  return `${prefix}-${runId}-${role}`;
}

/** The pid a namespace name was made by, or undefined if the name is not ours. */
export function ownerPid(prefix: string, name: string): number | undefined {
  const m = new RegExp(`^${prefix}-(\\d+)x[0-9a-f]+-`).exec(name);
  return m ? Number(m[1]) : undefined;
}
