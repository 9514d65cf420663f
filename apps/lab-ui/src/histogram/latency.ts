// Detection latency: which fault each detection answers, on which kind of client, and how the
// latencies spread. Pure, shared by the live histogram, run comparison and CSV export.
import { summarize } from '@pulseboard/netlab/report/stats';
import type { ClientKind, Fault, FaultKind, LabEvent, PresenceState } from '../data/types.js';

/**
 * Faults after which the client is really gone: a detection measures how fast the server saw it.
 * Under the others (loss, delay, a slow link) the client is still there, so a detection is a
 * false alarm, not a latency.
 */
const OUTAGES: ReadonlySet<FaultKind> = new Set([
  'blackhole',
  'cable-pull',
  'power-off',
  'rst',
  'fin',
  'partition',
]);

export interface LatencySample {
  clientId: string;
  clientKind: ClientKind | 'unknown';
  faultKind: FaultKind | 'unknown';
  state: PresenceState;
  latencyMs: number;
  cause: string;
}

export interface DetectionSamples {
  /** Detections that answer an outage, measured from the fault's start. */
  latencies: LatencySample[];
  /** Detections of a client that was still there: no fault, or only a degraded link. */
  falseAlarms: LatencySample[];
}

/**
 * Every `detected` event with the kind of the fault that caused it (the lab attributed it once,
 * `faultId`, the same attribution the report reads) and the kind of client it was.
 */
export function detectionSamples(events: readonly LabEvent[]): DetectionSamples {
  const faults = new Map<string, Fault>();
  const clientKinds = new Map<string, ClientKind>();
  const out: DetectionSamples = { latencies: [], falseAlarms: [] };
  for (const ev of events) {
    if (ev.type === 'fault') faults.set(ev.fault.id, ev.fault);
    else if (ev.type === 'client') clientKinds.set(ev.client.id, ev.client.kind);
    else if (ev.type === 'detected') {
      const fault = ev.faultId === undefined ? undefined : faults.get(ev.faultId);
      const sample: LatencySample = {
        clientId: ev.clientId,
        clientKind: clientKinds.get(ev.clientId) ?? 'unknown',
        faultKind: fault?.kind ?? 'unknown',
        state: ev.state,
        latencyMs: ev.latencyMs,
        cause: ev.cause,
      };
      (fault && OUTAGES.has(fault.kind) ? out.latencies : out.falseAlarms).push(sample);
    }
  }
  return out;
}

export type GroupBy = 'fault' | 'client';

export interface GroupHistogram {
  /** A fault kind or a client kind, as grouped. */
  key: string;
  count: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** counts per bin; bin i covers [i*binMs, (i+1)*binMs) */
  bins: number[];
}

export interface Histograms {
  binMs: number;
  nBins: number;
  /** The shared axis runs from 0 to here (a whole number of bins). */
  axisMs: number;
  groups: GroupHistogram[];
}

/** The detection budgets of the mission: browsers within ~1 s, any TCP client within ~2 s. */
export const BUDGETS: readonly { ms: number; label: string }[] = [
  { ms: 1000, label: 'browser budget 1 s' },
  { ms: 2000, label: 'TCP budget 2 s' },
];

/** Picks a round bin width so the axis end lands in at most ~`maxBins` bins. */
export function binWidth(maxMs: number, maxBins = 20): number {
  const steps = [50, 100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];
  return steps.find((s) => maxMs / s < maxBins) ?? 120_000;
}

/**
 * Latencies of one detected state grouped by fault kind or client kind, all on one axis that
 * always reaches past the 2 s budget, so bars and budget lines read against each other.
 */
export function histograms(
  samples: readonly LatencySample[],
  state: PresenceState,
  groupBy: GroupBy = 'fault',
): Histograms {
  const chosen = samples.filter((s) => s.state === state);
  const maxMs = chosen.reduce((m, s) => Math.max(m, s.latencyMs), 0);
  const span = Math.max(maxMs, BUDGETS[BUDGETS.length - 1]!.ms) * 1.05;
  const binMs = binWidth(span);
  const nBins = Math.floor(span / binMs) + 1;
  const byKey = new Map<string, number[]>();
  for (const s of chosen) {
    const key = groupBy === 'fault' ? s.faultKind : s.clientKind;
    byKey.set(key, [...(byKey.get(key) ?? []), s.latencyMs]);
  }
  const groups = [...byKey.entries()]
    .map(([key, values]): GroupHistogram => {
      const bins = new Array<number>(nBins).fill(0);
      for (const v of values) bins[Math.min(nBins - 1, Math.floor(Math.max(0, v) / binMs))]!++;
      // A group is listed only with samples, so its summary exists.
      const s = summarize(values)!;
      return { key, count: s.n, medianMs: s.p50, p95Ms: s.p95, maxMs: s.max, bins };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
  return { binMs, nBins, axisMs: nBins * binMs, groups };
}

/** Round tick positions for an axis from 0 to `axisMs`: about five, at a 1-2-5 step. */
export function axisTicks(axisMs: number, about = 5): number[] {
  const raw = axisMs / about;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = 0; t <= axisMs + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** False alarms in plain words, grouped by what the link was going through. */
export function falseAlarmSummary(alarms: readonly LatencySample[], state: PresenceState): string[] {
  const counts = new Map<string, number>();
  for (const a of alarms) {
    if (a.state !== state) continue;
    const why = a.faultKind === 'unknown' ? 'with no fault' : `under ${a.faultKind}`;
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([why, n]) => `${n} ${why}`);
}
