import type { ClientState, Fault, LabEvent, RunResult } from '../types.js';

// Pure derivations from a run's events: per-client state bands, fault intervals and markers
// for the timeline, and latency samples per fault kind for the histograms.

export interface Band {
  state: ClientState;
  from: number;
  to: number;
}
export interface Marker {
  at: number;
  what: 'suspect' | 'offline' | 'notified-suspect' | 'notified-offline';
  label: string;
}
export interface ClientRow {
  id: string;
  label: string;
  bands: Band[];
  faults: { kind: string; from: number; to: number; fidelity: string }[];
  markers: Marker[];
}
export interface LatencySamples {
  kind: string;
  detection: number[];
  notified: number[];
  /** Suspect records while this kind of fault was on (what a lossy link costs in alarms). */
  suspects: number;
  falseAlarms: number;
}

export function faultsOf(events: readonly LabEvent[]): Map<string, Fault> {
  const faults = new Map<string, Fault>();
  for (const e of events)
    if (e.type === 'fault') faults.set(e.fault.id, { ...faults.get(e.fault.id), ...e.fault });
  return faults;
}

/** The fault a record was measured from: the lab attributed it once, as `faultId`. */
function faultFor(faults: Map<string, Fault>, e: { faultId?: string }): Fault | undefined {
  return e.faultId === undefined ? undefined : faults.get(e.faultId);
}

export function clientRows(run: RunResult): ClientRow[] {
  const rows = new Map<string, ClientRow>();
  const faults = faultsOf(run.events);
  for (const e of run.events) {
    if (e.type === 'client') {
      let row = rows.get(e.client.id);
      if (!row) {
        row = {
          id: e.client.id,
          label: `${e.client.id} ${e.client.kind} ${e.client.user}`,
          bands: [],
          faults: [],
          markers: [],
        };
        rows.set(e.client.id, row);
      }
      const last = row.bands.at(-1);
      if (last && last.state === e.client.state) continue;
      if (last) last.to = e.at;
      row.bands.push({ state: e.client.state, from: e.at, to: run.endedAt });
    } else if (e.type === 'detected') {
      rows.get(e.clientId)?.markers.push({
        at: e.detectedAt,
        what: e.state,
        label: `${e.state} (${e.cause}) ${e.latencyMs} ms`,
      });
    } else if (e.type === 'notified') {
      rows.get(e.aboutClientId)?.markers.push({
        at: e.at,
        what: `notified-${e.state}`,
        label: `${e.observerId} told ${e.state} ${e.latencyMs} ms`,
      });
    } else if (e.type === 'client-removed') {
      const last = rows.get(e.id)?.bands.at(-1);
      if (last) last.to = e.at;
    }
  }
  for (const f of faults.values()) {
    for (const t of f.targets) {
      rows.get(t)?.faults.push({
        kind: f.kind,
        from: f.startedAt,
        to: f.endedAt ?? run.endedAt,
        fidelity: f.fidelity,
      });
    }
  }
  return [...rows.values()];
}

export function latencySamples(run: RunResult): LatencySamples[] {
  const faults = faultsOf(run.events);
  const byKind = new Map<string, LatencySamples>();
  const get = (kind: string) => {
    let s = byKind.get(kind);
    if (!s) byKind.set(kind, (s = { kind, detection: [], notified: [], suspects: 0, falseAlarms: 0 }));
    return s;
  };
  for (const e of run.events) {
    if (e.type === 'detected' && e.state === 'offline') {
      const f = faultFor(faults, e);
      if (!f) get('none').falseAlarms += 1;
      else get(f.kind).detection.push(e.latencyMs);
    } else if (e.type === 'detected' && e.state === 'suspect') {
      const f = faultFor(faults, e);
      get(f?.kind ?? 'none').suspects += 1;
    } else if (e.type === 'notified' && e.state === 'offline') {
      const f = faultFor(faults, e);
      if (!f) get('none').falseAlarms += 1;
      else get(f.kind).notified.push(e.latencyMs);
    }
  }
  return [...byKind.values()];
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

export function histogram(values: number[], bins = 12): Bin[] {
  if (values.length === 0) return [];
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  const width = Math.max(1, Math.ceil((max - min + 1) / bins));
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({
    from: min + i * width,
    to: min + (i + 1) * width,
    count: 0,
  }));
  for (const v of values) out[Math.min(bins - 1, Math.floor((v - min) / width))]!.count += 1;
  return out;
}
