import { canvasCalls } from '../test/canvasStub.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { story, T0 } from '../test/fixtures.js';
import { buildTimeline } from './model.js';
import { Timeline } from './Timeline.js';

afterEach(cleanup);

describe('<Timeline>', () => {
  const model = buildTimeline(story);

  it('shows one labelled lane per client with its dead and told markers', () => {
    render(<Timeline model={model} now={T0 + 20_000} />);
    const lanes = screen.getAllByTestId('lane');
    expect(lanes.map((l) => l.dataset.lane)).toEqual(['c1', 'c2', 'c3']);

    const c2 = lanes[1]!;
    const dead = c2.querySelector('[data-marker="offline"]');
    expect(dead?.textContent).toBe('✕ 1.31 s');
    expect(dead?.getAttribute('title')).toContain('cause: ws-pong-timeout');
    expect(c2.querySelector('[data-marker="notified"]')).toBeNull();
    expect(c2.className).toContain('state-offline');

    for (const observer of [lanes[0]!, lanes[2]!]) {
      const told = observer.querySelector('[data-marker="notified"]');
      expect(told?.textContent).toBe('● told about c2');
      expect(told?.getAttribute('title')).toMatch(/^Told c2 is offline · 1\.4\d s after the fault$/);
      expect(observer.querySelector('[data-marker="offline"]')).toBeNull();
    }
    expect(within(lanes[0]!).getByText('user-c1', { exact: false })).toBeTruthy();
  });

  it('paints markers on the canvas and shows the hover text for the marker under the pointer', async () => {
    canvasCalls.length = 0;
    const { container } = render(<Timeline model={model} now={T0 + 20_000} />);
    await waitFor(() => expect(canvasCalls.length).toBeGreaterThan(0)); // uPlot draws on a microtask
    // The dead marker is an X: two strokes crossing; the stub recorded them.
    expect(canvasCalls.filter((c) => c.fn === 'stroke').length).toBeGreaterThan(0);
    const over = container.querySelector('.u-over');
    expect(over).not.toBeNull();
    // No layout in jsdom: the chart is its minimum 200 px wide and, not live, spans t0..t1 (15 s).
    const rect = {
      left: 0,
      top: 0,
      width: 200,
      height: 3 * 30,
      right: 200,
      bottom: 90,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    };
    over!.getBoundingClientRect = () => rect as DOMRect;
    // find the x of the dead marker from the scale uPlot uses, then hover there on lane 2
    const plotW = Number((over as HTMLElement).style.width.replace('px', '')) || 180;
    const x = (11_310 / 15_000) * plotW;
    fireEvent.mouseEnter(over!, { clientX: x, clientY: 45 });
    fireEvent.mouseMove(over!, { clientX: x, clientY: 45 });
    const tip = screen.queryByRole('tooltip');
    expect(tip?.textContent).toBe('Dead · cause: ws-pong-timeout · 1.31 s after the fault (silent 1.36 s)');
  });

  it('says so when there are no clients', () => {
    render(<Timeline model={buildTimeline([])} now={T0} />);
    expect(screen.getByText(/No clients yet/)).toBeTruthy();
  });
});
