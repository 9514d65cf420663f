import type { LabHost } from '../ns/lab.js';
import { run } from '../ns/run.js';
import { applyFilter, clearFilter, type FilterRule } from './nft.js';

export type FaultSpec =
  | { kind: 'blackhole' }
  | { kind: 'cable-pull' }
  | { kind: 'power-off' }
  | { kind: 'rst' }
  | { kind: 'fin' }
  | { kind: 'crash' }
  | { kind: 'loss'; percent: number };

export type FaultKind = FaultSpec['kind'];

export interface FaultHandle {
  readonly spec: FaultSpec;
  readonly host: LabHost;
  /** Epoch ms just before the fault's command ran, and once it returned. */
  readonly startedAt: number;
  readonly appliedAt: number;
  /**
   * The best known instant the fault took effect: exact for packet-filter faults scheduled
   * with `at` (the kernel starts them on the second); otherwise startedAt, the conservative
   * end of the [startedAt, appliedAt] window (under load that window reaches hundreds of ms).
   * Measure detection latency from here.
   */
  readonly effectiveAt: number;
  /** Undoes what can be undone (a killed process stays dead). Idempotent. */
  heal(): Promise<void>;
}

export interface ApplyOptions {
  /**
   * Start the fault at this epoch ms instead of now. Packet-filter faults (blackhole, loss, rst,
   * power-off's blackhole) are installed dormant and start exactly at the next whole second
   * >= at; the others run their command when a timer reaches `at`. applyFault resolves once
   * the fault is in effect. Leave ~300 ms for installing.
   */
  at?: number;
}

/**
 * The contract with client processes for `fin`: on SIGUSR2 a client closes its connections
 * gracefully (socket.end / WebSocket close). `crash` and `power-off` SIGKILL every process the
 * host spawned; power-off blackholes the host first so the dying kernel's FIN/RST never leaves.
 */
export const FIN_SIGNAL = 'SIGUSR2';

export function validateFault(spec: FaultSpec): void {
  if (spec.kind === 'loss' && !(Number.isInteger(spec.percent) && spec.percent >= 1 && spec.percent <= 100)) {
    throw new TypeError('loss.percent must be an integer from 1 to 100');
  }
}

export async function applyFault(
  host: LabHost,
  spec: FaultSpec,
  options: ApplyOptions = {},
): Promise<FaultHandle> {
  validateFault(spec);
  const filter = filterFor(spec);
  const startSec = options.at === undefined || !filter ? undefined : Math.ceil(options.at / 1000);
  if (options.at !== undefined && startSec === undefined) await sleepUntil(options.at);
  const startedAt = Date.now();
  let heal: () => Promise<void> = async () => {};
  if (filter) {
    await applyFilter(host.ns, filter, startSec);
    heal = () => clearFilter(host.ns);
    if (startSec !== undefined) await sleepUntil(startSec * 1000 + 1);
  }
  switch (spec.kind) {
    case 'cable-pull':
      await run('ip', ['-n', host.lab.bridgeNs, 'link', 'set', host.bridgePort, 'down']);
      heal = () =>
        run('ip', ['-n', host.lab.bridgeNs, 'link', 'set', host.bridgePort, 'up']).then(() => undefined);
      break;
    case 'power-off':
    case 'crash':
      killAll(host, 'SIGKILL');
      break;
    case 'fin':
      killAll(host, FIN_SIGNAL);
      break;
    default:
      break;
  }
  const appliedAt = Date.now();
  let healed = false;
  return {
    spec,
    host,
    startedAt,
    appliedAt,
    effectiveAt: startSec !== undefined ? startSec * 1000 : startedAt,
    async heal() {
      if (healed) return;
      healed = true;
      await heal();
    },
  };
}

function filterFor(spec: FaultSpec): FilterRule | null {
  switch (spec.kind) {
    case 'blackhole':
    case 'power-off':
      return 'drop';
    case 'loss':
      return { lossPercent: spec.percent };
    case 'rst':
      return 'reject-tcp-reset';
    default:
      return null;
  }
}

function sleepUntil(epochMs: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, epochMs - Date.now())));
}

function killAll(host: LabHost, signal: NodeJS.Signals): void {
  for (const p of host.processes) p.kill(signal);
}
