// The board's lines as a logic analyser shows them: one lane per line, a segment per value,
// who set it, and where the failsafe put it back. Pure: events in, lanes out.
import type { LabEvent } from '../data/types.js';

export interface LineSegment {
  from: number;
  /** undefined while the value still holds. */
  to?: number;
  value: 0 | 1;
  by?: string;
  /** Set when the board's failsafe put this value there: whose death caused it. */
  failsafeFor?: string;
}

export interface OutputLane {
  name: string;
  segments: LineSegment[];
}

/** A failsafe and the line change it caused are two events; this close, they are one step. */
export const FAILSAFE_MATCH_MS = 1500;

export function outputLanes(events: readonly LabEvent[]): OutputLane[] {
  const lanes = new Map<string, OutputLane>();
  const failsafes = events.filter((e): e is Extract<LabEvent, { type: 'failsafe' }> => e.type === 'failsafe');
  const lane = (name: string) => {
    let l = lanes.get(name);
    if (!l) lanes.set(name, (l = { name, segments: [] }));
    return l;
  };
  for (const e of events) {
    if (e.type !== 'line') continue;
    const l = lane(e.name);
    const open = l.segments.at(-1);
    if (open && open.value === e.value) continue;
    if (open) open.to = e.at;
    const fs = failsafes.find(
      (f) =>
        f.line === e.name &&
        f.value === e.value &&
        f.result === 'confirmed' &&
        Math.abs(f.at - e.at) <= FAILSAFE_MATCH_MS,
    );
    const seg: LineSegment = { from: e.at, value: e.value };
    if (fs) seg.failsafeFor = fs.user;
    else if (e.by) seg.by = e.by;
    l.segments.push(seg);
  }
  return [...lanes.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** What a segment's start says under the lane: "on by alice", "safe: alice dead". */
export function segmentLabel(s: LineSegment): string {
  if (s.failsafeFor) return `safe: ${s.failsafeFor} dead`;
  return `${s.value ? 'on' : 'off'}${s.by ? ` by ${s.by}` : ''}`;
}
