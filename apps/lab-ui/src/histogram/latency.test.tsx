import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../data/types.js';
import { cablePull, story, T0 } from '../test/fixtures.js';
import { binWidth, detectionSamples, histograms } from './latency.js';

const detected = (clientId: string, at: number, latencyMs: number, faultId?: string): LabEvent => ({
  type: 'detected',
  at,
  clientId,
  ...(faultId ? { faultId } : {}),
  user: 'u',
  state: 'offline',
  cause: 'keepalive',
  lastHeardAt: at - latencyMs,
  detectedAt: at,
  latencyMs,
});

describe('detection latency', () => {
  it('pairs each detection with the fault the lab attributed it to (faultId)', () => {
    const s = detectionSamples(story);
    expect(s.map((x) => [x.clientId, x.faultKind, x.state, x.latencyMs])).toEqual([
      ['c2', 'cable-pull', 'suspect', 900],
      ['c2', 'cable-pull', 'offline', 1310],
    ]);
  });

  it('labels a detection the lab attributed to no fault as unknown (a false alarm candidate)', () => {
    const events: LabEvent[] = [
      { type: 'fault', at: T0 + 50_000, fault: { ...cablePull, startedAt: T0 + 50_000 } },
      detected('c2', T0 + 1000, 500),
    ];
    expect(detectionSamples(events)[0]!.faultKind).toBe('unknown');
  });

  it('bins latencies per fault kind with median and p95', () => {
    const events: LabEvent[] = [
      { type: 'fault', at: T0, fault: { ...cablePull, targets: ['a', 'b', 'c'] } },
      { type: 'fault', at: T0, fault: { ...cablePull, id: 'f2', kind: 'power-off', targets: ['d'] } },
      detected('a', T0 + 20_000, 1000, cablePull.id),
      detected('b', T0 + 20_000, 1200, cablePull.id),
      detected('c', T0 + 20_000, 2600, cablePull.id),
      detected('d', T0 + 20_000, 400, 'f2'),
    ];
    const h = histograms(detectionSamples(events), 'offline');
    expect(h.binMs).toBe(250);
    expect(h.kinds.map((k) => [k.kind, k.count, k.medianMs, k.maxMs])).toEqual([
      ['cable-pull', 3, 1200, 2600],
      ['power-off', 1, 400, 400],
    ]);
    const cable = h.kinds[0]!;
    expect(cable.bins[4]).toBe(2); // 1000 and 1200 ms land in [1000, 1250)
    expect(cable.bins[10]).toBe(1); // 2600 ms
    expect(cable.bins.reduce((a, b) => a + b)).toBe(3);
    expect(histograms(detectionSamples(events), 'suspect').kinds).toEqual([]);
  });

  it('has sane helpers', () => {
    expect(binWidth(900)).toBe(50);
    expect(binWidth(38_000)).toBe(2000);
    expect(binWidth(40_000)).toBe(5000); // 20 bins of 2 s would be one too many
  });
});
