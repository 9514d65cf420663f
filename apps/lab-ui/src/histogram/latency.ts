// Detection latency per fault kind: which fault each detection answers, and how the
// latencies spread. Pure, shared by the live histogram, run comparison and CSV export.
import { summarize } from '@pulseboard/netlab/report/stats';
import type { Fault, FaultKind, LabEvent, PresenceState } from '../data/types.js';

export interface LatencySample {
  clientId: string;
  faultKind: FaultKind | 'unknown';
  state: PresenceState;
  latencyMs: number;
  cause: string;
}

/**
 * Every `detected` event with the kind of the fault that caused it: the lab attributed it once
 * (`faultId`, the same attribution the report reads). A detection no fault explains is a false
 * alarm candidate and is reported as kind "unknown" rather than dropped.
 */
export function detectionSamples(events: readonly LabEvent[]): LatencySample[] {
  const faults = new Map<string, Fault>();
  for (const ev of events) if (ev.type === 'fault') faults.set(ev.fault.id, ev.fault);
  const samples: LatencySample[] = [];
  for (const ev of events) {
    if (ev.type !== 'detected') continue;
    const cause = ev.faultId === undefined ? undefined : faults.get(ev.faultId);
    samples.push({
      clientId: ev.clientId,
      faultKind: cause?.kind ?? 'unknown',
      state: ev.state,
      latencyMs: ev.latencyMs,
      cause: ev.cause,
    });
  }
  return samples;
}

export interface KindHistogram {
  kind: FaultKind | 'unknown';
  count: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** counts per bin; bin i covers [i*binMs, (i+1)*binMs) */
  bins: number[];
}

/** Picks a round bin width so the slowest sample lands in at most ~`maxBins` bins. */
export function binWidth(maxMs: number, maxBins = 20): number {
  const steps = [50, 100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];
  return steps.find((s) => maxMs / s < maxBins) ?? 120_000;
}

export function histograms(samples: readonly LatencySample[], state: PresenceState, binMs?: number) {
  const chosen = samples.filter((s) => s.state === state);
  const maxMs = chosen.reduce((m, s) => Math.max(m, s.latencyMs), 0);
  const width = binMs ?? binWidth(maxMs);
  const nBins = Math.floor(maxMs / width) + 1;
  const byKind = new Map<string, number[]>();
  for (const s of chosen) byKind.set(s.faultKind, [...(byKind.get(s.faultKind) ?? []), s.latencyMs]);
  const kinds: KindHistogram[] = [...byKind.entries()]
    .map(([kind, values]) => {
      const bins = new Array<number>(nBins).fill(0);
      for (const v of values) bins[Math.min(nBins - 1, Math.floor(Math.max(0, v) / width))]!++;
      // A kind is listed only with samples, so its summary exists.
      const s = summarize(values)!;
      return {
        kind: kind as KindHistogram['kind'],
        count: s.n,
        medianMs: s.p50,
        p95Ms: s.p95,
        maxMs: s.max,
        bins,
      };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind));
  return { binMs: width, nBins, kinds };
}
