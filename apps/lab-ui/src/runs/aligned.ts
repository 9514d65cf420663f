// Runs compared on one axis: each run's first outage story, its fault at T+0, so "dead at
// T+0.71 s here, T+1.30 s there" reads straight across. Pure; the compare view draws it.
import { faultStories, storyTimes, type FaultStory, type StoryStep } from '@pulseboard/netlab/report/story';
import type { RunResult } from '../data/types.js';

export interface AlignedRun {
  runId: string;
  scenario: string;
  startedAt: number;
  /** The story the run is aligned on; absent when the run had no fault. */
  story?: FaultStory;
  /** Steps after the fault (no fault/healed marks), T+ in ms. */
  steps: StoryStep[];
  times: { suspectMs?: number; deadMs?: number; toldMs?: number; safeMs?: number };
}

export type Metric = keyof AlignedRun['times'];

export const METRICS: readonly { key: Metric; words: string }[] = [
  { key: 'suspectMs', words: 'first suspect' },
  { key: 'deadMs', words: 'declared dead' },
  { key: 'toldMs', words: 'last client told' },
  { key: 'safeMs', words: 'last output safe' },
];

/** The story a run is compared by: its first fault the server declared someone dead after. */
function storyOf(run: RunResult): FaultStory | undefined {
  const stories = faultStories(run.events);
  return stories.find((s) => s.steps.some((x) => x.kind === 'dead')) ?? stories[0];
}

/** Oldest run first: it is the baseline the others are compared with. */
export function alignRuns(runs: readonly RunResult[]): { rows: AlignedRun[]; axisMs: number } {
  const ordered = [...runs].sort((a, b) => a.startedAt - b.startedAt);
  const rows = ordered.map((run): AlignedRun => {
    const story = storyOf(run);
    const base = { runId: run.runId, scenario: run.scenario, startedAt: run.startedAt };
    if (!story) return { ...base, steps: [], times: {} };
    const steps = story.steps.filter((s) => s.kind !== 'fault' && s.kind !== 'healed');
    const suspect = steps.find((s) => s.kind === 'suspect');
    return {
      ...base,
      story,
      steps,
      times: { suspectMs: suspect?.dt, ...storyTimes(story) },
    };
  });
  const last = Math.max(0, ...rows.flatMap((r) => r.steps.map((s) => s.dt)));
  // Room after the last step, and never shorter than the 2 s budget.
  return { rows, axisMs: Math.max(2000, last * 1.1) };
}

/** "+120 ms", "−80 ms", "±0 ms" against the baseline (the first run), or "" when either is missing. */
export function delta(value: number | undefined, baseline: number | undefined): string {
  if (value === undefined || baseline === undefined) return '';
  const d = Math.round(value - baseline);
  if (d === 0) return '±0 ms';
  const abs = Math.abs(d);
  const size = abs < 1000 ? `${abs} ms` : `${(abs / 1000).toFixed(2)} s`;
  return `${d > 0 ? '+' : '−'}${size}`;
}
