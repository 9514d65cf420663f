import type { LabEvent, RunStatus } from '../data/types.js';

export type EditorRunStatus = 'idle' | 'starting' | 'running' | RunStatus;

export interface RunView {
  status: EditorRunStatus;
  message?: string;
}

/** The latest status the stream reported for `runId` (events are in arrival order), if any. */
export function reportedRunStatus(events: readonly LabEvent[], runId: string): RunView | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const ev = events[i]!;
    if (ev.type === 'scenario' && ev.runId === runId) return { status: ev.status, message: ev.message };
  }
  return undefined;
}

/**
 * The run's status: what the stream reported, else what was last seen of it (`kept`, which
 * survives "Clear timeline" forgetting the events), else "starting" (nothing heard yet).
 */
export function runStatusFrom(
  events: readonly LabEvent[],
  runId: string | undefined,
  kept?: RunView & { runId: string },
): RunView {
  if (!runId) return { status: 'idle' };
  const reported = reportedRunStatus(events, runId);
  if (reported) return reported;
  if (kept?.runId === runId) return { status: kept.status, message: kept.message };
  return { status: 'starting' };
}

export const isActive = (s: EditorRunStatus) => s === 'starting' || s === 'running';
