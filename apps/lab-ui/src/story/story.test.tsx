import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { faultStories, fmtT } from '@pulseboard/netlab/report/story';
import { storyRows, storySvg, storyTicks } from '@pulseboard/netlab/report/story-svg';
import type { LabEvent } from '../data/types.js';
import { cablePull, client, story, T0 } from '../test/fixtures.js';
import { StoryView } from './StoryView.js';

afterEach(cleanup);

const F = T0 + 10_000; // the cable pull in the fixture
const withSafe: LabEvent[] = [
  ...story,
  {
    type: 'failsafe',
    at: F + 1_520,
    line: 'pump',
    user: 'user-c2',
    value: 0,
    result: 'confirmed',
    lastHeardAt: T0 + 9_950,
    detectedAt: F + 1_310,
  },
  { type: 'lock', at: F + 1_312, change: 'session-dead', user: 'user-c2' },
];

describe('fault story model', () => {
  it('orders fault → suspect → dead → lock → told → safe with times after the fault', () => {
    const [s] = faultStories(withSafe);
    expect(s!.faultId).toBe('f1');
    expect(s!.users).toEqual(['user-c2']);
    expect(s!.steps.map((x) => [x.kind, x.dt])).toEqual([
      ['fault', 0],
      ['suspect', 900],
      ['dead', 1_310],
      ['lock-freed', 1_312],
      ['told', 1_400],
      ['told', 1_450],
      ['safe', 1_520],
      ['healed', 5_000],
    ]);
    expect(s!.steps[2]!.text).toBe('user-c2 is dead (ws-pong-timeout)');
    expect(s!.steps[4]!.text).toBe('user-c1 (c1) told user-c2 is offline');
    expect(s!.steps[6]!.text).toBe('pump back to safe (0)');
  });

  it('labels times as T+ on one axis', () => {
    expect(fmtT(0)).toBe('T+0');
    expect(fmtT(710)).toBe('T+0.71 s');
    expect(fmtT(-200)).toBe('T−0.20 s');
    expect(storyTicks({ from: -1000, to: 3000 })).toEqual([
      -1000, -500, 0, 500, 1000, 1500, 2000, 2500, 3000,
    ]);
  });

  it('gives each detection to the latest fault on that client, or to the faultId the engine names', () => {
    const second = { ...cablePull, id: 'f2', startedAt: F + 20_000 };
    const events: LabEvent[] = [
      ...story,
      { type: 'fault', at: second.startedAt, fault: second },
      {
        type: 'detected',
        at: F + 20_700,
        clientId: 'c2',
        user: 'user-c2',
        state: 'offline',
        cause: 'heartbeat-timeout',
        lastHeardAt: F + 19_990,
        detectedAt: F + 20_700,
        latencyMs: 700,
      },
      // The engine says this late one belongs to f1, whatever the times suggest.
      {
        type: 'notified',
        at: F + 20_800,
        observerId: 'c3',
        aboutClientId: 'c2',
        user: 'user-c2',
        state: 'offline',
        latencyMs: 800,
        faultId: 'f1',
      } as LabEvent,
    ];
    const [s1, s2] = faultStories(events);
    expect(s2!.steps.map((x) => x.kind)).toEqual(['fault', 'dead']);
    expect(s2!.steps[1]!.dt).toBe(700);
    expect(s1!.steps.filter((x) => x.kind === 'told').map((x) => x.dt)).toEqual([1_400, 1_450, 20_800]);
  });

  it('ignores detections no fault explains (false alarms are not part of a story)', () => {
    const lone: LabEvent[] = [
      client('c1', 'connected', T0),
      {
        type: 'detected',
        at: T0 + 500,
        clientId: 'c1',
        user: 'user-c1',
        state: 'offline',
        cause: 'heartbeat-timeout',
        lastHeardAt: T0,
        detectedAt: T0 + 500,
        latencyMs: 500,
      },
    ];
    expect(faultStories(lone)).toEqual([]);
  });

  it('summarises many told clients in one row, keeping the first and the slowest', () => {
    const many: LabEvent[] = [...story];
    for (let i = 0; i < 40; i++)
      many.push({
        type: 'notified',
        at: F + 1_500 + i * 10,
        observerId: `c${10 + i}`,
        aboutClientId: 'c2',
        user: 'user-c2',
        state: 'offline',
        latencyMs: 1_500 + i * 10,
      });
    const rows = storyRows(faultStories(many)[0]!);
    const summary = rows.find((r) => 'summary' in r);
    expect(summary && 'summary' in summary && summary.summary).toMatch(
      /^… 34 more told, T\+1\.52 s – T\+1\.85 s$/,
    );
    expect(rows.filter((r) => 'step' in r && r.step.kind === 'told')).toHaveLength(8);
  });

  it('draws steps outside the window at its edge with an arrow, not off the chart', () => {
    const svg = storySvg(faultStories(withSafe)[0]!, { from: -1000, to: 1000 });
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const safe = doc.querySelector('[data-kind="safe"]')!;
    expect(safe.textContent).toContain('›');
    expect(safe.textContent).toContain('T+1.52 s  pump back to safe (0)');
  });
});

describe('<StoryView>', () => {
  beforeAll(() => {
    // jsdom has no PointerEvent: without one, fireEvent.pointer* drops clientX.
    if (!('PointerEvent' in window))
      Object.assign(window, {
        PointerEvent: class extends MouseEvent {
          readonly pointerId: number;
          constructor(type: string, init: PointerEventInit = {}) {
            super(type, init);
            this.pointerId = init.pointerId ?? 0;
          }
        },
      });
  });

  it('follows the newest fault live, pauses, zooms by dragging and goes back to live', () => {
    const { rerender } = render(<StoryView events={withSafe} />);
    expect(screen.getByTestId('story-caption').textContent).toBe(
      'cable-pull on user-c2 — declared dead at T+1.31 s (ws-pong-timeout) · 2 other clients told by T+1.45 s · 1 output back to safe by T+1.52 s',
    );
    expect(screen.getByTestId('story-mode').textContent).toBe('live · T−1.00 s to T+3.00 s');
    const kinds = [...document.querySelectorAll('.story-step')].map((g) => g.getAttribute('data-kind'));
    expect(kinds).toEqual(['fault', 'suspect', 'dead', 'lock-freed', 'told', 'told', 'safe']);

    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByTestId('story-mode').textContent).toMatch(/^paused/);
    // A new fault arrives: the paused view keeps the old story.
    const next = { ...cablePull, id: 'f9', targets: ['c3'], startedAt: F + 40_000 };
    rerender(<StoryView events={[...withSafe, { type: 'fault', at: next.startedAt, fault: next }]} />);
    expect(screen.getByTestId('story-caption').textContent).toMatch(/^cable-pull on user-c2/);

    // Drag across the chart: the chart is 960 px wide here, so px == SVG units.
    const chart = screen.getByTestId('story-chart');
    chart.getBoundingClientRect = () => ({
      left: 0,
      top: 0,
      width: 960,
      height: 200,
      right: 960,
      bottom: 200,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    const plotW = 960 - 330 - 18;
    const xAt = (dt: number) => 330 + ((dt + 1000) / 4000) * plotW;
    fireEvent.pointerDown(chart, { button: 0, clientX: xAt(1000), pointerId: 1 });
    fireEvent.pointerMove(chart, { clientX: xAt(2000), pointerId: 1 });
    fireEvent.pointerUp(chart, { clientX: xAt(2000), pointerId: 1 });
    expect(screen.getByTestId('story-mode').textContent).toBe('paused · T+1.00 s to T+2.00 s');

    fireEvent.click(screen.getByRole('button', { name: 'Back to live' }));
    expect(screen.getByTestId('story-mode').textContent).toBe('live · T−1.00 s to T+3.00 s');
    expect(screen.getByTestId('story-caption').textContent).toMatch(
      /^cable-pull on user-c3 — not declared dead/,
    );
  });

  it('says what to do when there is no fault yet', () => {
    render(<StoryView events={[client('c1', 'connected', T0)]} />);
    expect(screen.getByText(/No fault yet/)).toBeTruthy();
  });
});
