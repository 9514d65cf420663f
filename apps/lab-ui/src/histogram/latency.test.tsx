import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Fault, LabEvent } from '../data/types.js';
import { cablePull, client, story, T0 } from '../test/fixtures.js';
import { LatencyHistogram } from './LatencyHistogram.js';
import { axisTicks, binWidth, detectionSamples, falseAlarmSummary, histograms } from './latency.js';

const detected = (
  clientId: string,
  at: number,
  latencyMs: number,
  faultId?: string,
  state: 'offline' | 'suspect' = 'offline',
): LabEvent => ({
  type: 'detected',
  at,
  clientId,
  ...(faultId ? { faultId } : {}),
  user: 'u',
  state,
  cause: 'keepalive',
  lastHeardAt: at - latencyMs,
  detectedAt: at,
  latencyMs,
});

const fault = (id: string, kind: Fault['kind'], targets: string[]): LabEvent => ({
  type: 'fault',
  at: T0,
  fault: { ...cablePull, id, kind, targets },
});

/** Two browsers at ~0.7 s and two TCP clients at ~1.4 s after cable pulls, one power-off. */
const mixed: LabEvent[] = [
  client('a', 'connected', T0, { kind: 'browser' }),
  client('b', 'connected', T0, { kind: 'browser' }),
  client('c', 'connected', T0, { kind: 'tcp' }),
  client('d', 'connected', T0, { kind: 'tcp' }),
  client('e', 'connected', T0, { kind: 'ws' }),
  fault('f1', 'cable-pull', ['a', 'b', 'c', 'd']),
  fault('f2', 'power-off', ['e']),
  detected('a', T0 + 20_000, 700, 'f1'),
  detected('b', T0 + 20_000, 750, 'f1'),
  detected('c', T0 + 20_000, 1400, 'f1'),
  detected('d', T0 + 20_000, 2600, 'f1'),
  detected('e', T0 + 20_000, 400, 'f2'),
];

describe('detection latency', () => {
  it('pairs each detection with the fault the lab attributed it to (faultId) and the client kind', () => {
    const s = detectionSamples(story);
    expect(s.latencies.map((x) => [x.clientId, x.clientKind, x.faultKind, x.state, x.latencyMs])).toEqual([
      ['c2', 'ws', 'cable-pull', 'suspect', 900],
      ['c2', 'ws', 'cable-pull', 'offline', 1310],
    ]);
    expect(s.falseAlarms).toEqual([]);
  });

  it('counts detections with no fault, or under loss or delay, as false alarms, not latencies', () => {
    const events: LabEvent[] = [
      client('a', 'connected', T0),
      client('b', 'connected', T0),
      fault('f1', 'loss', ['a']),
      fault('f2', 'delay', ['b']),
      detected('a', T0 + 1000, 300, 'f1', 'suspect'),
      detected('b', T0 + 1000, 300, 'f2', 'offline'),
      detected('c', T0 + 1000, -1),
    ];
    const s = detectionSamples(events);
    expect(s.latencies).toEqual([]);
    expect(s.falseAlarms.map((x) => [x.clientId, x.faultKind])).toEqual([
      ['a', 'loss'],
      ['b', 'delay'],
      ['c', 'unknown'],
    ]);
    expect(falseAlarmSummary(s.falseAlarms, 'offline')).toEqual(['1 under delay', '1 with no fault']);
    expect(falseAlarmSummary(s.falseAlarms, 'suspect')).toEqual(['1 under loss']);
  });

  it('groups by fault kind or by client kind on one axis that reaches past the 2 s budget', () => {
    const { latencies } = detectionSamples(mixed);
    const byFault = histograms(latencies, 'offline', 'fault');
    expect(byFault.groups.map((g) => [g.key, g.count, g.medianMs, g.maxMs])).toEqual([
      ['cable-pull', 4, 750, 2600],
      ['power-off', 1, 400, 400],
    ]);
    expect(byFault.binMs).toBe(250);
    expect(byFault.axisMs).toBeGreaterThanOrEqual(2600);
    const cable = byFault.groups[0]!;
    expect(cable.bins[2]).toBe(1); // 700 ms in [500, 750)
    expect(cable.bins[3]).toBe(1); // 750 ms in [750, 1000)
    expect(cable.bins[10]).toBe(1); // 2600 ms
    expect(cable.bins.reduce((a, b) => a + b)).toBe(4);

    const byClient = histograms(latencies, 'offline', 'client');
    expect(byClient.groups.map((g) => [g.key, g.count, g.maxMs])).toEqual([
      ['browser', 2, 750],
      ['tcp', 2, 2600],
      ['ws', 1, 400],
    ]);
    // Every group shares the axis, however fast it was.
    expect(new Set(byClient.groups.map((g) => g.bins.length)).size).toBe(1);
    // A fast run still shows both budgets on the axis.
    expect(histograms([latencies[4]!], 'offline').axisMs).toBeGreaterThan(2000);
    expect(histograms(latencies, 'suspect').groups).toEqual([]);
  });

  it('has sane helpers', () => {
    expect(binWidth(900)).toBe(50);
    expect(binWidth(38_000)).toBe(2000);
    expect(binWidth(40_000)).toBe(5000); // 20 bins of 2 s would be one too many
    expect(axisTicks(2250)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(axisTicks(10_000)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
  });
});

describe('LatencyHistogram', () => {
  it('explains a bimodal run by splitting it per client kind, with budgets and the false alarms apart', () => {
    const events: LabEvent[] = [...mixed, fault('f9', 'loss', ['e']), detected('e', T0 + 30_000, 300, 'f9')];
    render(<LatencyHistogram events={events} />);
    const byFault = screen.getByRole('list', { name: /by fault/ });
    expect(within(byFault).getByText('cable pulled')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'by client kind' }));
    const rows = within(screen.getByRole('list', { name: /by client kind/ })).getAllByRole('listitem');
    const browser = rows.find((r) => r.getAttribute('data-group') === 'browser')!;
    const tcp = rows.find((r) => r.getAttribute('data-group') === 'tcp')!;
    expect(browser.textContent).toContain('browser (real Chromium)');
    expect(browser.textContent).toContain('n 2 · median 700 ms · p95 750 ms');
    expect(tcp.textContent).toContain('plain TCP');
    // TCP's p95 (2.60 s) is over its 2 s budget and says so; the browsers' (750 ms) is not.
    expect(tcp.querySelector('.over-budget')?.textContent).toBe('2.60 s');
    expect(browser.querySelector('.over-budget')).toBeNull();
    // Both budgets are drawn across every row, and named in the key.
    expect(browser.querySelectorAll('line.budget')).toHaveLength(2);
    expect(screen.getByText(/browser budget 1 s and TCP budget 2 s/)).toBeTruthy();
    // Bars sit where their latencies are on the shared axis: 700 ms of a 3 s axis is ~23 %.
    const axisMs = histograms(detectionSamples(events).latencies, 'offline', 'client').axisMs;
    const bar = browser.querySelector('rect')!;
    expect(Number(bar.getAttribute('x'))).toBeCloseTo((100 * 500) / axisMs, 0);
    const alarms = document.querySelector('.false-alarms')!;
    expect(alarms.getAttribute('data-count')).toBe('1');
    expect(alarms.textContent).toContain('1 under loss');
  });

  it('says when there is nothing to show', () => {
    render(<LatencyHistogram events={[]} />);
    expect(screen.getByText('No dead detections after a fault yet.')).toBeTruthy();
    expect(screen.getByText(/No false alarms/)).toBeTruthy();
  });
});
