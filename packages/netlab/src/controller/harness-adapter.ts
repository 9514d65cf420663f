import type { ChildProcess } from 'node:child_process';
import { applyFault as harnessApply, type FaultSpec } from '@pulseboard/harness/faults/index';
import type { LabHost } from '@pulseboard/harness/ns/lab';

// The liveness harness (ns/, faults/) owns blackhole, cable-pull, power-off, rst, fin and loss.
// Its faults take a LabHost; this builds the few fields they read from a lab host of ours,
// so both engines apply those faults the same way. (Harness limit: one packet-filter fault
// per host at a time — a second blackhole/loss/rst on the same host replaces the first.)
export interface AdaptedHost {
  name: string;
  ns: string;
  address: string;
  port: string;
  switchNs: string;
  processes: ChildProcess[];
}

export function asHarnessHost(h: AdaptedHost): LabHost {
  const host = {
    name: h.name,
    ns: h.ns,
    address: h.address,
    bridgePort: h.port,
    lab: { bridgeNs: h.switchNs },
    processes: new Set(h.processes.filter((p) => p.exitCode === null && p.signalCode === null)),
  };
  // Only the fields above are read by the harness faults; the rest of LabHost is unused here.
  return host as unknown as LabHost;
}

export type HarnessKind = Exclude<FaultSpec['kind'], 'crash'>;
export const harnessKinds = new Set<string>(['blackhole', 'cable-pull', 'power-off', 'rst', 'fin', 'loss']);

export async function applyHarnessFault(
  h: AdaptedHost,
  kind: HarnessKind,
  percent?: number,
): Promise<() => Promise<void>> {
  const spec = (kind === 'loss' ? { kind, percent: Math.round(percent ?? 0) } : { kind }) as FaultSpec;
  const handle = await harnessApply(asHarnessHost(h), spec);
  return () => handle.heal();
}
