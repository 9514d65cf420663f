import type { LabEvent, RunStatus } from '../data/types.js';

export type EditorRunStatus = 'idle' | 'starting' | 'running' | RunStatus;

/** The latest status the stream reported for `runId` (events are in arrival order). */
export function runStatusFrom(
  events: readonly LabEvent[],
  runId: string | undefined,
): { status: EditorRunStatus; message?: string } {
  if (!runId) return { status: 'idle' };
  for (let i = events.length - 1; i >= 0; i--) {
    const ev = events[i]!;
    if (ev.type === 'scenario' && ev.runId === runId) return { status: ev.status, message: ev.message };
  }
  return { status: 'starting' };
}

export const isActive = (s: EditorRunStatus) => s === 'starting' || s === 'running';
