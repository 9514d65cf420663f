// Frozen copy of packages/core/src/liveness/options.ts as of main 2ee4206 (before detection v2): the
// bench's "today" configuration. Not used by the server; do not improve it.
import type { TcpSettings } from '@pulseboard/core/net/index';

export interface HeartbeatOptions {
  /** Ping every intervalMs. */
  intervalMs: number;
  /** Silence after which the connection is suspect (one missed beat). */
  suspectAfterMs: number;
  /** Silence after which it is dead. */
  timeoutMs: number;
}

export interface WriteHeartbeatOptions {
  /** When nothing was written for this long, call write(). */
  intervalMs: number;
  write: () => void;
}

export interface WatchSocketOptions {
  /** Longest a vanished TCP peer may go unnoticed; derives keepalive + TCP_USER_TIMEOUT. */
  tcpBudgetMs?: number;
  /** Apply the derived socket options (false: the caller tuned the socket itself). */
  tune?: boolean;
  /** TCP_INFO sampling period for rttMs and suspect; 0 turns it off. */
  sampleIntervalMs?: number;
  writeHeartbeat?: Partial<WriteHeartbeatOptions> & Pick<WriteHeartbeatOptions, 'write'>;
}

export interface WatchWebSocketOptions extends WatchSocketOptions {
  heartbeat?: Partial<HeartbeatOptions>;
  /** ws.terminate() once dead, so the socket does not linger in retransmission. */
  terminateOnDead?: boolean;
}

export interface ResolvedLivenessOptions {
  tcpBudgetMs: number;
  tcp: TcpSettings;
  tune: boolean;
  sampleIntervalMs: number;
  writeHeartbeat: WriteHeartbeatOptions | null;
  heartbeat: HeartbeatOptions;
  terminateOnDead: boolean;
}

export const LIVENESS_DEFAULTS = {
  tcpBudgetMs: 2000,
  tune: true,
  sampleIntervalMs: 1000,
  writeHeartbeatIntervalMs: 250,
  heartbeat: { intervalMs: 250, suspectAfterMs: 500, timeoutMs: 900 },
  terminateOnDead: true,
} as const;

/** Smallest budget: keepalive idle and interval are whole seconds, so 1 s + 1 s. */
export const MIN_TCP_BUDGET_MS = 2000;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * Turns a detection budget into socket options.
 * - Streaming (data unacknowledged): the kernel gives up TCP_USER_TIMEOUT after the first
 *   retransmission's start stamp, so the user timeout is the budget minus some slack.
 * - Idle: with a user timeout set, Linux aborts at the first keepalive tick (idle, then every
 *   interval) where the silence >= user timeout and a probe is out; idle and interval are chosen
 *   so that tick comes no later than the budget after the last ACK.
 */
export function deriveTcpSettings(budgetMs: number): TcpSettings & { idleDetectMaxMs: number } {
  if (!isInt(budgetMs) || budgetMs < MIN_TCP_BUDGET_MS) {
    throw new TypeError('tcpBudgetMs must be an integer >= 2000 (keepalive works in whole seconds)');
  }
  const keepIdleS = Math.max(1, Math.floor(budgetMs / 4000));
  const keepIntvlS = Math.max(1, Math.floor((budgetMs - keepIdleS * 1000) / 3000));
  // The last keepalive tick inside the budget is where an idle connection must be aborted.
  const keepCnt = Math.max(1, Math.floor((budgetMs - keepIdleS * 1000) / (keepIntvlS * 1000)));
  const abortTickMs = (keepIdleS + keepCnt * keepIntvlS) * 1000;
  // Streams: the clock starts at the head segment's last transmission before its first RTO,
  // which is often the tail-loss probe (~2 RTT + 200 ms delayed-ACK allowance after the send),
  // so leave up to 700 ms of the budget for that. Idle: stay 100 ms under the abort tick so a
  // jiffy of rounding cannot push the abort to the next tick.
  const userTimeoutMs = Math.min(budgetMs - Math.min(700, Math.floor(budgetMs * 0.35)), abortTickMs - 100);
  return { keepIdleS, keepIntvlS, keepCnt, userTimeoutMs, idleDetectMaxMs: abortTickMs };
}

/** Spreads defaults and validates once; every message is tested verbatim. */
export function resolveLivenessOptions(options: WatchWebSocketOptions = {}): ResolvedLivenessOptions {
  const tcpBudgetMs = options.tcpBudgetMs ?? LIVENESS_DEFAULTS.tcpBudgetMs;
  const { idleDetectMaxMs: _unused, ...tcp } = deriveTcpSettings(tcpBudgetMs);

  const sampleIntervalMs = options.sampleIntervalMs ?? LIVENESS_DEFAULTS.sampleIntervalMs;
  if (!isInt(sampleIntervalMs) || (sampleIntervalMs !== 0 && sampleIntervalMs < 100)) {
    throw new TypeError('sampleIntervalMs must be 0 (off) or an integer >= 100');
  }

  const heartbeat = { ...LIVENESS_DEFAULTS.heartbeat, ...options.heartbeat };
  if (!isInt(heartbeat.intervalMs) || heartbeat.intervalMs < 50) {
    throw new TypeError('heartbeat.intervalMs must be an integer >= 50');
  }
  if (!isInt(heartbeat.suspectAfterMs) || heartbeat.suspectAfterMs <= heartbeat.intervalMs) {
    throw new TypeError('heartbeat.suspectAfterMs must be > heartbeat.intervalMs');
  }
  if (!isInt(heartbeat.timeoutMs) || heartbeat.timeoutMs <= heartbeat.suspectAfterMs) {
    throw new TypeError('heartbeat.timeoutMs must be > heartbeat.suspectAfterMs');
  }

  let writeHeartbeat: WriteHeartbeatOptions | null = null;
  if (options.writeHeartbeat !== undefined) {
    const w = { intervalMs: LIVENESS_DEFAULTS.writeHeartbeatIntervalMs, ...options.writeHeartbeat };
    if (!isInt(w.intervalMs) || w.intervalMs < 50) {
      throw new TypeError('writeHeartbeat.intervalMs must be an integer >= 50');
    }
    if (w.intervalMs > tcpBudgetMs / 4)
      throw new TypeError('writeHeartbeat.intervalMs must be <= tcpBudgetMs / 4');
    if (typeof w.write !== 'function') throw new TypeError('writeHeartbeat.write must be a function');
    writeHeartbeat = w;
    // The first unacknowledged write after a fault can come up to one interval late; take it
    // out of the user timeout so the budget still holds (never below 500 ms: several RTOs).
    tcp.userTimeoutMs = Math.max(500, tcp.userTimeoutMs - w.intervalMs);
  }

  return {
    tcpBudgetMs,
    tcp,
    tune: options.tune ?? LIVENESS_DEFAULTS.tune,
    sampleIntervalMs,
    writeHeartbeat,
    heartbeat,
    terminateOnDead: options.terminateOnDead ?? LIVENESS_DEFAULTS.terminateOnDead,
  };
}
