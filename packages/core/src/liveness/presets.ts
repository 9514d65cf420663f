import type { EstimatorPrior } from './link-estimate.js';

// Budgets people understand, mapped to numbers. Measured detection and false-alarm rates for
// each are in README.md ("Presets"); `npm run bench:detection` reproduces them.

export type LivenessPresetName = 'lan-fast' | 'wifi-tolerant' | 'cellular';
export const LIVENESS_PRESETS_NAMES: readonly LivenessPresetName[] = [
  'lan-fast',
  'wifi-tolerant',
  'cellular',
];

export interface ProbeOptions {
  /** Shortest wait for a beat's answer before the connection is suspect and probed. */
  waitMinMs: number;
  /** Shortest spacing between probes of a suspect connection. */
  everyMinMs: number;
  /** Fewest probes an unanswered beat gets before dead (the budget permitting). */
  minChances: number;
  /** Target false "dead" per connection-hour the adaptive deadline aims at (within the budget). */
  falseDeadPerHour: number;
  /** What a new connection's link is assumed to be until it has taught us otherwise. */
  prior: EstimatorPrior;
}

export interface LivenessPreset {
  tcpBudgetMs: number;
  heartbeat: { intervalMs: number; suspectAfterMs: number; timeoutMs: number };
  probe: ProbeOptions;
  /** Per-socket RTO bounds where the kernel has them (Linux >= 6.15); see net/rto.ts. */
  rto: { minUs?: number; maxMs?: number };
  /**
   * The kernel-judged WebSocket beat (liveness/kernel-beat.ts), used where the RTO floor could be
   * lowered: a one-way beat every `intervalMs`, a real ping every `appIntervalMs` for the
   * application's own liveness and the RTT. Absent: ping heartbeat only. Past
   * `budgetPerSecond` idle beats in the process, every connection's interval stretches evenly,
   * up to `maxIntervalMs` (see beat-clock.ts).
   */
  kernelBeat?: { intervalMs: number; appIntervalMs: number; budgetPerSecond: number; maxIntervalMs: number };
}

export const LIVENESS_PRESETS: Record<LivenessPresetName, LivenessPreset> = {
  // Wired LAN, RTT ~1 ms: WebSocket dead within 0.45 s, TCP within 2.5 s (an idle keepalive-only
  // connection needs 2.5 s for three answerable probes, see README "Idle keepalive-only TCP").
  'lan-fast': {
    tcpBudgetMs: 2500,
    heartbeat: { intervalMs: 200, suspectAfterMs: 300, timeoutMs: 450 },
    probe: {
      waitMinMs: 50,
      everyMinMs: 50,
      minChances: 3,
      falseDeadPerHour: 0.01,
      prior: { roundTripLoss: 0.1, weight: 200 },
    },
    rto: { minUs: 10_000, maxMs: 1000 },
    kernelBeat: { intervalMs: 220, appIntervalMs: 2000, budgetPerSecond: 400, maxIntervalMs: 550 },
  },
  // Wi-Fi with a few % loss and jitter: ~0.9 s WebSocket, 3 s TCP; few false alarms at 5 % loss.
  'wifi-tolerant': {
    tcpBudgetMs: 3000,
    heartbeat: { intervalMs: 250, suspectAfterMs: 500, timeoutMs: 900 },
    probe: {
      waitMinMs: 60,
      everyMinMs: 60,
      minChances: 4,
      falseDeadPerHour: 0.001,
      prior: { roundTripLoss: 0.2, weight: 200 },
    },
    rto: { minUs: 30_000, maxMs: 1000 },
    kernelBeat: { intervalMs: 250, appIntervalMs: 2000, budgetPerSecond: 400, maxIntervalMs: 500 },
  },
  // Mobile links: RTT 50-500 ms with spikes; the kernel's own RTO floor, beats once a second.
  cellular: {
    tcpBudgetMs: 6000,
    heartbeat: { intervalMs: 1000, suspectAfterMs: 1500, timeoutMs: 3000 },
    probe: {
      waitMinMs: 150,
      everyMinMs: 200,
      minChances: 3,
      falseDeadPerHour: 0.001,
      prior: { roundTripLoss: 0.2, weight: 100 },
    },
    rto: { maxMs: 2000 },
  },
};

export const DEFAULT_PRESET: LivenessPresetName = 'lan-fast';
