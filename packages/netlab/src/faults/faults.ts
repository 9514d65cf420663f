import type { LabHost } from '../ns/lab.js';
import { run } from '../ns/run.js';
import { applyFilter, clearFilter } from './nft.js';

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
  /** Epoch ms before the fault was applied / after it was in effect. Detection latency is
   *  measured from appliedAt: the rule commits at the end of the command that applies it. */
  readonly startedAt: number;
  readonly appliedAt: number;
  /** Undoes what can be undone (a killed process stays dead). Idempotent. */
  heal(): Promise<void>;
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

export async function applyFault(host: LabHost, spec: FaultSpec): Promise<FaultHandle> {
  validateFault(spec);
  const startedAt = Date.now();
  let heal: () => Promise<void> = async () => {};
  switch (spec.kind) {
    case 'blackhole':
      await applyFilter(host.ns, 'drop');
      heal = () => clearFilter(host.ns);
      break;
    case 'loss':
      await applyFilter(host.ns, { lossPercent: spec.percent });
      heal = () => clearFilter(host.ns);
      break;
    case 'rst':
      await applyFilter(host.ns, 'reject-tcp-reset');
      heal = () => clearFilter(host.ns);
      break;
    case 'cable-pull':
      await run('ip', ['-n', host.lab.bridgeNs, 'link', 'set', host.bridgePort, 'down']);
      heal = () =>
        run('ip', ['-n', host.lab.bridgeNs, 'link', 'set', host.bridgePort, 'up']).then(() => undefined);
      break;
    case 'power-off':
      await applyFilter(host.ns, 'drop');
      killAll(host, 'SIGKILL');
      heal = () => clearFilter(host.ns);
      break;
    case 'crash':
      killAll(host, 'SIGKILL');
      break;
    case 'fin':
      killAll(host, FIN_SIGNAL);
      break;
  }
  const appliedAt = Date.now();
  let healed = false;
  return {
    spec,
    host,
    startedAt,
    appliedAt,
    async heal() {
      if (healed) return;
      healed = true;
      await heal();
    },
  };
}

function killAll(host: LabHost, signal: NodeJS.Signals): void {
  for (const p of host.processes) p.kill(signal);
}
