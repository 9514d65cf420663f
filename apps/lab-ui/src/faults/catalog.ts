// The fault kinds the controls offer, and which fidelity each is expected to have before the
// lab confirms it (a Fault from the lab always carries its real fidelity).
import type { Capabilities, FaultKind, Fidelity, LabEvent } from '../data/types.js';

export interface FaultButton {
  kind: FaultKind;
  label: string;
  help: string;
}

/** One-click faults (no parameters). */
export const SIMPLE_FAULTS: readonly FaultButton[] = [
  { kind: 'blackhole', label: 'Blackhole', help: 'Silently drop everything both ways' },
  { kind: 'cable-pull', label: 'Cable pull', help: 'Link down: no FIN, no RST' },
  { kind: 'power-off', label: 'Power off', help: 'Blackhole, then the client process dies' },
  { kind: 'rst', label: 'RST', help: 'The peer sees a TCP reset' },
  { kind: 'fin', label: 'FIN', help: 'Orderly close' },
];

/**
 * The fidelity to show before a fault of this kind has been applied. The kernel here has no
 * sch_netem, so delay/jitter goes through the lab's userspace link unless the lab says netem works.
 */
export function expectedFidelity(kind: FaultKind, caps: Capabilities): Fidelity {
  const said = caps.engine?.faults[kind];
  if (said && 'fidelity' in said) return said.fidelity;
  if (kind === 'delay') return caps.netem ? 'kernel' : 'userspace';
  return 'kernel';
}

/** Why the lab's engine refuses this kind (e.g. delay on Docker), or undefined. */
export function refusedReason(kind: FaultKind, caps: Capabilities): string | undefined {
  const said = caps.engine?.faults[kind];
  return said && 'refused' in said ? said.refused : undefined;
}

/** The fidelity the lab actually reported for each kind, latest first wins. */
export function reportedFidelity(events: readonly LabEvent[]): Map<FaultKind, Fidelity> {
  const m = new Map<FaultKind, Fidelity>();
  for (const ev of events) if (ev.type === 'fault') m.set(ev.fault.kind, ev.fault.fidelity);
  return m;
}
