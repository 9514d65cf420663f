import { faultStories, fmtT } from '@pulseboard/netlab/report/story';
import type { LabEvent } from '@pulseboard/netlab/types';

/**
 * The story of the latest fault on `clientIds` as text for a failed assertion: fault, suspect,
 * dead (cause), who was told, what went safe, each at T+ after the fault.
 */
export function timelineText(events: readonly LabEvent[], clientIds: readonly string[]): string {
  const story = faultStories(events)
    .filter((s) => s.targets.some((t) => clientIds.includes(t)))
    .at(-1);
  if (!story) return 'Lab timeline: no fault was applied to this client.';
  const lines = story.steps.map((s) => `  ${fmtT(s.dt).padEnd(10)} ${s.text}`);
  if (!story.steps.some((s) => s.kind === 'dead')) lines.push('  (the server has not declared it dead)');
  return ['Lab timeline (fault → detection → notification):', ...lines].join('\n');
}
