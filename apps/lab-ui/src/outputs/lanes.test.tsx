import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { LabEvent } from '../data/types.js';
import { T0 } from '../test/fixtures.js';
import { outputLanes, segmentLabel } from './lanes.js';
import { OutputLabels, OutputTracks } from './OutputLanes.js';

afterEach(cleanup);

const events: LabEvent[] = [
  { type: 'line', at: T0 + 1_000, name: 'pump', value: 1, by: 'alice' },
  { type: 'line', at: T0 + 2_000, name: 'lights', value: 1, by: 'bob' },
  { type: 'line', at: T0 + 2_500, name: 'pump', value: 1, by: 'alice' }, // same value: no new segment
  // alice dies: the board's failsafe puts the pump back to safe; the line event still names her
  { type: 'line', at: T0 + 5_810, name: 'pump', value: 0, by: 'alice' },
  {
    type: 'failsafe',
    at: T0 + 5_812,
    line: 'pump',
    user: 'alice',
    value: 0,
    result: 'confirmed',
    lastHeardAt: T0 + 5_000,
    detectedAt: T0 + 5_700,
  },
  { type: 'line', at: T0 + 8_000, name: 'pump', value: 1, by: 'bob' },
];

describe('output lanes', () => {
  it('has one lane per line with a segment per value, who set it, and the failsafe return', () => {
    const lanes = outputLanes(events);
    expect(lanes.map((l) => l.name)).toEqual(['lights', 'pump']);
    const pump = lanes[1]!;
    expect(pump.segments).toEqual([
      { from: T0 + 1_000, to: T0 + 5_810, value: 1, by: 'alice' },
      { from: T0 + 5_810, to: T0 + 8_000, value: 0, failsafeFor: 'alice' },
      { from: T0 + 8_000, value: 1, by: 'bob' },
    ]);
    expect(pump.segments.map(segmentLabel)).toEqual(['on by alice', 'safe: alice dead', 'on by bob']);
  });

  it('draws the segments in the window as a logic analyser, positioned on the shared axis', () => {
    const lanes = outputLanes(events);
    render(
      <ol>
        <OutputLabels lanes={lanes} height={30} />
      </ol>,
    );
    expect(screen.getAllByTestId('output-lane').map((l) => l.textContent)).toEqual(['lightsON', 'pumpON']);
    const { container } = render(<OutputTracks lanes={lanes} from={T0} to={T0 + 10_000} height={30} />);
    const pump = container.querySelector('[data-line="pump"]')!;
    const segs = [...pump.querySelectorAll<HTMLElement>('.seg')];
    expect(segs.map((s) => s.dataset.value)).toEqual(['1', '0', '1']);
    expect(segs.map((s) => parseFloat(s.style.left).toFixed(1))).toEqual(['10.0', '58.1', '80.0']);
    expect(segs[1]!.className).toContain('failsafe');
    expect(segs[1]!.textContent).toBe('safe: alice dead');
    // A window after the first segment ended leaves it out.
    const later = render(<OutputTracks lanes={lanes} from={T0 + 6_000} to={T0 + 10_000} height={30} />);
    expect(later.container.querySelectorAll('[data-line="pump"] .seg')).toHaveLength(2);
  });
});
