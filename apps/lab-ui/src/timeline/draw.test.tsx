import { describe, expect, it } from 'vitest';
import { recordingContext, type CanvasCall } from '../test/canvasStub.js';
import { story, T0 } from '../test/fixtures.js';
import { drawTimeline } from './draw.js';
import { buildTimeline } from './model.js';
import { palettes } from './palette.js';

describe('drawTimeline', () => {
  // 1 px per 100 ms from T0; three lanes of 30 px.
  const geom = {
    x: (t: number) => (t - T0) / 100,
    left: 0,
    top: 0,
    width: 200,
    height: 90,
    ratio: 1,
    now: T0 + 20_000,
  };

  it('paints the dead X at its detection time on its own lane only', () => {
    const calls: CanvasCall[] = [];
    drawTimeline(recordingContext(calls), buildTimeline(story), geom, palettes.normal);
    const moves = calls.filter((c) => c.fn === 'moveTo').map((c) => c.args as number[]);
    const size = palettes.normal.markerSize;
    // X centred at x=113.1 (11.31 s), y=45 (middle of lane 2)
    expect(moves).toContainEqual([113.1 - size, 45 - size]);
    expect(moves).toContainEqual([113.1 + size, 45 - size]);
    // notification dots on lanes 1 and 3 (upper quarter of each lane)
    const arcs = calls.filter((c) => c.fn === 'arc').map((c) => (c.args as number[]).slice(0, 2));
    expect(arcs).toEqual([
      [114, 7.5],
      [114.5, 67.5],
    ]);
  });

  it('shades the fault interval from its start to its heal', () => {
    const calls: CanvasCall[] = [];
    drawTimeline(recordingContext(calls), buildTimeline(story), geom, palettes.normal);
    const rects = calls.filter((c) => c.fn === 'fillRect').map((c) => c.args as number[]);
    expect(rects).toContainEqual([100, 31, 50, 28]); // 10 s..15 s on lane 2
  });

  it('draws nothing without lanes', () => {
    const calls: CanvasCall[] = [];
    drawTimeline(recordingContext(calls), buildTimeline([]), geom, palettes.normal);
    expect(calls).toEqual([]);
  });
});
