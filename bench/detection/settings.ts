import type { FaultKind } from '@pulseboard/harness/faults/index';

// What `npm run bench:detection [-- --quick]` runs; see run.ts.
export const quick = process.argv.includes('--quick');
export const TRIALS = quick ? 3 : 10;
export const CAP_MS = quick ? 20_000 : 30_000;
export const CONCURRENCY = quick ? 6 : 10;
export const LOSS_WINDOW_MS = quick ? 60_000 : 600_000;
export const LOSS_COPIES = quick ? 3 : 10;
export const FAULTS: Exclude<FaultKind, 'loss'>[] = ['blackhole', 'power-off'];
export const MODES = ['idle', 'stream'] as const;
export const LOSSES = [1, 5];
export const CPU = { connections: quick ? 100 : 200, windowMs: quick ? 6000 : 10_000, rounds: 3 };
/** --cpu-only: just the CPU section (to work on heartbeat cost). */
export const cpuOnly = process.argv.includes('--cpu-only');
export const PREFIX = 'pbb';
export const SETTINGS = { quick, TRIALS, CAP_MS, LOSS_WINDOW_MS, LOSS_COPIES, FAULTS, MODES, LOSSES, CPU };

export type Mode = (typeof MODES)[number];
export const key = (config: string, mode: string) => `${config}.${mode}`;

export interface TrialResult {
  fault: FaultKind;
  trial: number;
  byConn: Record<string, { latencyMs: number | null; cause: string | null; detail?: string | null }>;
}

export interface LossResult {
  lossPercent: number;
  byConn: Record<string, { deaths: number; exposureMs: number; causes: string[]; details: string[] }>;
}
