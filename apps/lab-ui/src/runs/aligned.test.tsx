import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LabEvent, RunResult } from '../data/types.js';
import { story, T0 } from '../test/fixtures.js';
import { AlignedCompare } from './AlignedCompare.js';
import { alignRuns, delta } from './aligned.js';

const run = (runId: string, events: LabEvent[], startedAt = T0): RunResult => ({
  runId,
  scenario: `scenario-${runId}`,
  status: 'passed',
  startedAt,
  endedAt: T0 + 60_000,
  expectations: [],
  events,
});

/** The same story a minute later, with every step after the fault 500 ms sooner. */
function fasterLater(events: readonly LabEvent[]): LabEvent[] {
  const shift = 60_000;
  const faultAt = T0 + 10_000;
  const move = (t: number) => (t > faultAt ? t + shift - 500 : t + shift);
  return events.map((e): LabEvent => {
    switch (e.type) {
      case 'fault':
        return { ...e, at: move(e.at), fault: { ...e.fault, startedAt: move(e.fault.startedAt) } };
      case 'detected':
        return { ...e, at: move(e.at), detectedAt: move(e.detectedAt), latencyMs: e.latencyMs - 500 };
      default:
        return { ...e, at: move(e.at) };
    }
  });
}

describe('runs aligned at the fault', () => {
  it('puts each run’s fault at T+0 so the same steps line up whatever the wall-clock time', () => {
    const { rows, axisMs } = alignRuns([run('r1', story), run('r2', fasterLater(story))]);
    expect(rows.map((r) => r.times.deadMs)).toEqual([1310, 810]);
    expect(rows.map((r) => r.times.suspectMs)).toEqual([900, 400]);
    expect(rows[1]!.steps.every((s) => s.dt >= 0)).toBe(true);
    expect(axisMs).toBeGreaterThanOrEqual(2000);
  });

  it('takes the oldest run as the baseline, whatever order they were ticked in', () => {
    const { rows } = alignRuns([run('new', fasterLater(story), T0 + 60_000), run('old', story)]);
    expect(rows.map((r) => r.runId)).toEqual(['old', 'new']);
  });

  it('spells out differences against the baseline', () => {
    expect(delta(810, 1310)).toBe('−500 ms');
    expect(delta(2700, 1310)).toBe('+1.39 s');
    expect(delta(5, 5)).toBe('±0 ms');
    expect(delta(undefined, 5)).toBe('');
  });

  it('draws one row per run with its steps and a table of the differences', () => {
    render(<AlignedCompare runs={[run('r1', story), run('r2', fasterLater(story)), run('r3', [])]} />);
    const table = screen.getByRole('table');
    const r2 = within(table)
      .getAllByRole('row')
      .find((r) => r.getAttribute('data-run') === 'r2')!;
    const dead = r2.querySelector('[data-metric="deadMs"]')!;
    expect(dead.textContent).toBe('T+0.81 s−500 ms');
    expect(dead.querySelector('.faster')!.textContent).toBe('−500 ms');
    const r3 = within(table)
      .getAllByRole('row')
      .find((r) => r.getAttribute('data-run') === 'r3')!;
    expect(r3.querySelector('[data-metric="deadMs"]')!.textContent).toBe('–');
    const svgRows = document.querySelectorAll('svg g[data-run]');
    expect(svgRows).toHaveLength(3);
    expect(svgRows[0]!.querySelectorAll('[data-step="dead"]')).toHaveLength(1);
    expect(svgRows[2]!.textContent).toContain('no fault');
  });
});
