import { describe, expect, it } from 'vitest';
import { story, T0, client } from '../test/fixtures.js';
import { buildTimeline, describeFault, describeMarker, fmtMs, hitTest, laneSummary } from './model.js';

describe('buildTimeline', () => {
  const model = buildTimeline(story);

  it('makes one lane per client, in id order', () => {
    expect(model.lanes.map((l) => l.id)).toEqual(['c1', 'c2', 'c3']);
    expect(model.t0).toBe(T0);
    expect(model.t1).toBe(T0 + 15_000);
    const late = buildTimeline([client('c10', 'connected', T0), client('c9', 'connected', T0 + 1)]);
    expect(late.lanes.map((l) => l.id)).toEqual(['c9', 'c10']);
  });

  it('turns state changes into back-to-back spans, the last one open', () => {
    const c2 = model.lanes[1]!;
    expect(c2.states).toEqual([
      { from: T0 + 600, to: T0 + 10_900, state: 'connected' },
      { from: T0 + 10_900, to: T0 + 11_310, state: 'suspect' },
      { from: T0 + 11_310, state: 'offline' },
    ]);
    // a repeated state (rtt update) does not split the span
    const c1 = buildTimeline([...story, client('c1', 'connected', T0 + 20_000, { rttMs: 3 })]).lanes[0]!;
    expect(c1.states).toHaveLength(2);
  });

  it('replaces the open fault interval when the heal event arrives', () => {
    const c2 = model.lanes[1]!;
    expect(c2.faults).toEqual([
      {
        faultId: 'f1',
        kind: 'cable-pull',
        fidelity: 'kernel',
        from: T0 + 10_000,
        to: T0 + 15_000,
        detail: 'cable-pull',
      },
    ]);
    expect(model.lanes[0]!.faults).toEqual([]);
  });

  it('puts detections on the lost client and notifications on the observers', () => {
    const [c1, c2, c3] = model.lanes;
    expect(c2!.markers.map((m) => [m.type, m.state, m.t])).toEqual([
      ['detected', 'suspect', T0 + 10_900],
      ['detected', 'offline', T0 + 11_310],
    ]);
    expect(c1!.markers).toEqual([
      { type: 'notified', t: T0 + 11_400, state: 'offline', aboutClientId: 'c2', latencyMs: 1_400 },
    ]);
    expect(c3!.markers).toHaveLength(1);
    expect(laneSummary(c2!).dead?.t).toBe(T0 + 11_310);
    expect(laneSummary(c1!).told).toBe(1);
  });

  it('draws a partition on every host that drops something', () => {
    const m = buildTimeline([
      {
        type: 'fault',
        at: T0,
        fault: {
          id: 'p',
          kind: 'partition',
          targets: [],
          params: { map: { c1: ['c2'], c2: [] } },
          fidelity: 'kernel',
          startedAt: T0,
        },
      },
    ]);
    expect(m.lanes.map((l) => l.id)).toEqual(['c1']);
    expect(m.lanes[0]!.faults[0]!.detail).toBe('partition c1↛c2');
  });

  it('closes the lane when a client is removed', () => {
    const m = buildTimeline([
      client('c1', 'connected', T0),
      { type: 'client-removed', at: T0 + 5, id: 'c1' },
    ]);
    expect(m.lanes[0]!.removed).toBe(true);
    expect(m.lanes[0]!.states).toEqual([{ from: T0, to: T0 + 5, state: 'connected' }]);
  });
});

describe('hover text', () => {
  const model = buildTimeline(story);

  it('finds the nearest marker within tolerance, else the fault under the pointer', () => {
    const near = hitTest(model, 1, T0 + 11_330, 50, T0 + 20_000);
    expect(near?.type === 'marker' && near.marker.state).toBe('offline');
    const fault = hitTest(model, 1, T0 + 13_000, 50, T0 + 20_000);
    expect(fault?.type).toBe('fault');
    expect(hitTest(model, 1, T0 + 16_000, 50, T0 + 20_000)).toBeUndefined();
    expect(hitTest(model, 9, T0, 50, T0)).toBeUndefined();
  });

  it('says the cause and the latency', () => {
    const dead = model.lanes[1]!.markers[1]!;
    expect(describeMarker(dead)).toBe(
      'Dead · cause: ws-pong-timeout · 1.31 s after the fault (silent 1.36 s)',
    );
    expect(describeMarker(model.lanes[0]!.markers[0]!)).toBe('Told c2 is offline · 1.40 s after the fault');
    expect(describeFault(model.lanes[1]!.faults[0]!)).toBe('Fault: cable-pull (kernel) · lasted 5.00 s');
    expect(fmtMs(840.4)).toBe('840 ms');
  });
});
