import { createHash } from 'node:crypto';
import { newRunId as harnessRunId, nsName } from '@pulseboard/harness/ns/names';

// Lab names follow the harness scheme PREFIX-RUNID-ROLE, where the run id starts with the
// creating pid: leftovers of a crashed lab are told from a live one's, and parallel labs never
// remove each other's namespaces. Our prefix differs from the harness's ("pbl") so neither
// cleans the other's objects.
export const defaultPrefix = 'pblab';
export const newRunId = harnessRunId;

export interface LabNames {
  prefix: string;
  runId: string;
  /** The namespace holding the lab bridge. */
  switchNs: string;
  /** Root-namespace end of the uplink veth. It dies with the switch namespace (its peer). */
  uplink: string;
  hostNs(host: string): string;
}

export function labNames(prefix: string, runId: string): LabNames {
  if (!/^[a-z][a-z0-9]{1,9}$/.test(prefix))
    throw new TypeError(`prefix must be 2-10 lowercase letters/digits, got "${prefix}"`);
  const tag = createHash('sha256').update(`${prefix}-${runId}`).digest('hex').slice(0, 8);
  return {
    prefix,
    runId,
    switchNs: nsName(prefix, runId, 'sw'),
    uplink: `pbu${tag}`,
    hostNs: (host) => nsName(prefix, runId, host),
  };
}

/** Pick a /16 for this run from its id, so two labs on one machine rarely collide. */
export function subnetFor(runId: string): number {
  let h = 0;
  for (const c of runId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 100 + (h % 100);
}

/** Address of host number `index` (2 = board, 10.. = clients) inside 10.<octet>.0.0/16. */
export function hostAddress(octet: number, index: number): string {
  if (index < 2 || index > 60000) throw new RangeError(`host index out of range: ${index}`);
  const hi = Math.floor(index / 250);
  const lo = (index % 250) + 1;
  return `10.${octet}.${hi}.${lo}`;
}
