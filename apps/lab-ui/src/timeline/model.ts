// The timeline as data: events in, lanes out. Pure, so it is tested without a canvas, and the
// canvas drawing (draw.ts) only paints what this computes.
import type {
  ClientKind,
  ClientState,
  FaultKind,
  FaultParams,
  Fidelity,
  LabEvent,
  PresenceState,
} from '../data/types.js';

export interface StateSpan {
  from: number;
  /** undefined while the state still holds (drawn up to "now"). */
  to?: number;
  state: ClientState;
}

export interface FaultSpan {
  faultId: string;
  kind: FaultKind;
  fidelity: Fidelity;
  from: number;
  to?: number;
  detail: string;
}

export type Marker =
  | {
      type: 'detected';
      t: number;
      state: PresenceState;
      cause: string;
      latencyMs: number;
      lastHeardAt: number;
    }
  | { type: 'notified'; t: number; state: PresenceState; aboutClientId: string; latencyMs: number };

export interface Lane {
  id: string;
  kind?: ClientKind;
  user?: string;
  /** The latest state the lab reported. */
  state?: ClientState;
  removed: boolean;
  states: StateSpan[];
  faults: FaultSpan[];
  markers: Marker[];
}

export interface TimelineModel {
  /** Earliest time in the model (epoch ms), or undefined when there are no events. */
  t0?: number;
  /** Latest event time (epoch ms). */
  t1?: number;
  lanes: Lane[];
}

export function buildTimeline(events: readonly LabEvent[]): TimelineModel {
  const lanes = new Map<string, Lane>();
  const lane = (id: string): Lane => {
    let l = lanes.get(id);
    if (!l) {
      l = { id, removed: false, states: [], faults: [], markers: [] };
      lanes.set(id, l);
    }
    return l;
  };
  let t0: number | undefined;
  let t1: number | undefined;
  const seen = (t: number) => {
    t0 = t0 === undefined ? t : Math.min(t0, t);
    t1 = t1 === undefined ? t : Math.max(t1, t);
  };

  for (const ev of events) {
    switch (ev.type) {
      case 'client': {
        const l = lane(ev.client.id);
        l.kind = ev.client.kind;
        l.user = ev.client.user;
        l.removed = false;
        if (l.state !== ev.client.state) closeState(l, ev.at, ev.client.state);
        l.state = ev.client.state;
        seen(ev.at);
        break;
      }
      case 'client-removed': {
        const l = lane(ev.id);
        l.removed = true;
        closeState(l, ev.at, undefined);
        seen(ev.at);
        break;
      }
      case 'fault': {
        const f = ev.fault;
        for (const id of faultLanes(f.targets, f.params.map)) {
          const l = lane(id);
          const span: FaultSpan = {
            faultId: f.id,
            kind: f.kind,
            fidelity: f.fidelity,
            from: f.startedAt,
            detail: faultDetail(f.kind, f.params),
          };
          if (f.endedAt !== undefined) span.to = f.endedAt;
          const i = l.faults.findIndex((s) => s.faultId === f.id);
          if (i < 0) l.faults.push(span);
          else l.faults[i] = span; // the heal event replaces the open interval
        }
        seen(f.startedAt);
        if (f.endedAt !== undefined) seen(f.endedAt);
        break;
      }
      case 'detected':
        lane(ev.clientId).markers.push({
          type: 'detected',
          t: ev.detectedAt,
          state: ev.state,
          cause: ev.cause,
          latencyMs: ev.latencyMs,
          lastHeardAt: ev.lastHeardAt,
        });
        seen(ev.detectedAt);
        break;
      case 'notified':
        lane(ev.observerId).markers.push({
          type: 'notified',
          t: ev.at,
          state: ev.state,
          aboutClientId: ev.aboutClientId,
          latencyMs: ev.latencyMs,
        });
        seen(ev.at);
        break;
      default:
        break;
    }
  }
  // Lanes in id order (c2 before c10), so a lane never jumps when events arrive out of order.
  const byId = [...lanes.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return { t0, t1, lanes: byId };
}

/** Ends the open state span at `at` and, unless `next` is undefined, opens a new one. */
function closeState(l: Lane, at: number, next: ClientState | undefined) {
  const open = l.states[l.states.length - 1];
  if (open && open.to === undefined) open.to = Math.max(open.from, at);
  if (next) l.states.push({ from: at, state: next });
}

/** A partition is drawn on every client that drops something, even if targets is empty. */
function faultLanes(targets: readonly string[], map: Record<string, string[]> | undefined): string[] {
  const ids = new Set(targets);
  if (map) for (const [from, to] of Object.entries(map)) if (to.length) ids.add(from);
  return [...ids];
}

export function faultDetail(kind: FaultKind, p: FaultParams): string {
  switch (kind) {
    case 'loss':
      return `loss ${p.percent ?? '?'}%`;
    case 'delay':
      return `delay ${p.delayMs ?? '?'}±${p.jitterMs ?? 0} ms`;
    case 'bandwidth':
      return `bandwidth ${p.rateKbit ?? '?'} kbit/s`;
    case 'partition':
      return `partition ${Object.entries(p.map ?? {})
        .filter(([, to]) => to.length)
        .map(([from, to]) => `${from}↛${to.join(',')}`)
        .join(' ')}`;
    default:
      return kind;
  }
}

/** Milliseconds as people read them on a projector: "840 ms", "1.31 s". */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function describeMarker(m: Marker): string {
  if (m.type === 'detected') {
    const what = m.state === 'offline' ? 'Dead' : 'Suspect';
    const silent = m.t - m.lastHeardAt;
    return `${what} · cause: ${m.cause} · ${fmtMs(m.latencyMs)} after the fault (silent ${fmtMs(silent)})`;
  }
  return `Told ${m.aboutClientId} is ${m.state} · ${fmtMs(m.latencyMs)} after the fault`;
}

export function describeFault(f: FaultSpan): string {
  const end = f.to === undefined ? 'still on' : `lasted ${fmtMs(f.to - f.from)}`;
  return `Fault: ${f.detail} (${f.fidelity}) · ${end}`;
}

export type Hit = { type: 'marker'; marker: Marker } | { type: 'fault'; fault: FaultSpan };

/**
 * What is under the pointer on lane `laneIndex` at time `t` (epoch ms): the nearest marker
 * within `tolMs`, else a fault interval covering t. `now` closes open intervals.
 */
export function hitTest(
  model: TimelineModel,
  laneIndex: number,
  t: number,
  tolMs: number,
  now: number,
): Hit | undefined {
  const l = model.lanes[laneIndex];
  if (!l) return undefined;
  let best: Marker | undefined;
  let bestD = tolMs;
  for (const m of l.markers) {
    const d = Math.abs(m.t - t);
    if (d <= bestD) {
      best = m;
      bestD = d;
    }
  }
  if (best) return { type: 'marker', marker: best };
  const f = l.faults.find((s) => s.from <= t && t <= (s.to ?? now));
  return f ? { type: 'fault', fault: f } : undefined;
}

/** One-line summary for a lane header: the latest detection and notification. */
export function laneSummary(l: Lane): { dead?: Marker; suspect?: Marker; told: number } {
  let dead: Marker | undefined;
  let suspect: Marker | undefined;
  let told = 0;
  for (const m of l.markers) {
    if (m.type === 'notified') told++;
    else if (m.state === 'offline') dead = m;
    else suspect = m;
  }
  return { dead, suspect, told };
}
