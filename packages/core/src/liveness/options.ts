import type { TcpSettings } from '../net/tune.js';
import {
  DEFAULT_PRESET,
  LIVENESS_PRESETS,
  LIVENESS_PRESETS_NAMES,
  type LivenessPresetName,
  type ProbeOptions,
} from './presets.js';

export interface HeartbeatOptions {
  /** Ping every intervalMs (skipped while the peer is heard anyway). */
  intervalMs: number;
  /** Longest silence before suspect; the learned answer wait usually makes it sooner. */
  suspectAfterMs: number;
  /** Longest silence before dead (the budget); the learned deadline may come sooner. */
  timeoutMs: number;
}

export interface WriteHeartbeatOptions {
  /** When nothing was written for this long, call write(). */
  intervalMs: number;
  write: () => void;
}

export interface WatchSocketOptions {
  /** Named budget (lan-fast, wifi-tolerant, cellular); explicit numbers below override it. */
  preset?: LivenessPresetName;
  /** Longest a vanished TCP peer may go unnoticed; derives keepalive + TCP_USER_TIMEOUT. */
  tcpBudgetMs?: number;
  /** Apply the derived socket options (false: the caller tuned the socket itself). */
  tune?: boolean;
  /** TCP_INFO sampling period for rttMs and suspect; 0 turns it off. */
  sampleIntervalMs?: number;
  writeHeartbeat?: Partial<WriteHeartbeatOptions> & Pick<WriteHeartbeatOptions, 'write'>;
}

export type BeatMode = 'ping' | 'kernel';

export interface WatchWebSocketOptions extends WatchSocketOptions {
  heartbeat?: Partial<HeartbeatOptions>;
  /**
   * 'kernel' (default where the preset has one and the kernel lets the RTO floor be lowered): a
   * one-way beat judged by TCP_USER_TIMEOUT plus a slow ping (kernel-beat.ts). 'ping': a ping
   * every heartbeat.intervalMs, judged by its pong (heartbeat.ts).
   */
  beat?: BeatMode;
  /**
   * The kernel beat as an empty text message, which the client's own code sees, instead of an
   * unsolicited pong, which browsers hide: a client that asked for it (the panel) hears the
   * server at least every `ConnectionWatch.beatEveryMs` and need not ping for itself.
   */
  beatMessage?: boolean;
  /** ws.terminate() once dead, so the socket does not linger in retransmission. */
  terminateOnDead?: boolean;
}

export interface ResolvedLivenessOptions {
  preset: LivenessPresetName;
  probe: ProbeOptions;
  tcpBudgetMs: number;
  tcp: TcpSettings;
  tune: boolean;
  sampleIntervalMs: number;
  writeHeartbeat: WriteHeartbeatOptions | null;
  heartbeat: HeartbeatOptions;
  /**
   * The user's own heartbeat.timeoutMs (one other than the preset's): no verdict before that much
   * silence (no pong, no kernel ACK), however soon the learned deadline would come. 0: the
   * preset's budget, within which the learned deadline decides.
   */
  deadFloorMs: number;
  /**
   * The kernel-judged beat (null: ping heartbeat only); userTimeoutMs = timeout - interval
   * (= timeout with a deadFloorMs: the kernel must not give up before the user's budget).
   */
  kernelBeat: {
    intervalMs: number;
    appIntervalMs: number;
    userTimeoutMs: number;
    /** A beat unacknowledged this long is suspect (heartbeat.suspectAfterMs - intervalMs). */
    suspectAfterMs: number;
    budgetPerSecond: number;
    maxIntervalMs: number;
  } | null;
  terminateOnDead: boolean;
}

export const LIVENESS_DEFAULTS = {
  preset: DEFAULT_PRESET,
  tcpBudgetMs: LIVENESS_PRESETS[DEFAULT_PRESET].tcpBudgetMs,
  tune: true,
  sampleIntervalMs: 1000,
  writeHeartbeatIntervalMs: 250,
  heartbeat: LIVENESS_PRESETS[DEFAULT_PRESET].heartbeat,
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
  const presetName = options.preset ?? DEFAULT_PRESET;
  if (!LIVENESS_PRESETS_NAMES.includes(presetName)) {
    throw new TypeError(`preset must be one of ${LIVENESS_PRESETS_NAMES.join(', ')}`);
  }
  const preset = LIVENESS_PRESETS[presetName];
  const tcpBudgetMs = options.tcpBudgetMs ?? preset.tcpBudgetMs;
  const { idleDetectMaxMs: _unused, ...derived } = deriveTcpSettings(tcpBudgetMs);
  const tcp: TcpSettings = { ...derived, ...rtoBounds(preset.rto) };

  const sampleIntervalMs = options.sampleIntervalMs ?? LIVENESS_DEFAULTS.sampleIntervalMs;
  if (!isInt(sampleIntervalMs) || (sampleIntervalMs !== 0 && sampleIntervalMs < 100)) {
    throw new TypeError('sampleIntervalMs must be 0 (off) or an integer >= 100');
  }

  const heartbeat = { ...preset.heartbeat, ...options.heartbeat };
  if (!isInt(heartbeat.intervalMs) || heartbeat.intervalMs < 50) {
    throw new TypeError('heartbeat.intervalMs must be an integer >= 50');
  }
  if (!isInt(heartbeat.suspectAfterMs) || heartbeat.suspectAfterMs <= heartbeat.intervalMs) {
    throw new TypeError('heartbeat.suspectAfterMs must be > heartbeat.intervalMs');
  }
  if (!isInt(heartbeat.timeoutMs) || heartbeat.timeoutMs <= heartbeat.suspectAfterMs) {
    throw new TypeError('heartbeat.timeoutMs must be > heartbeat.suspectAfterMs');
  }

  const beat = options.beat ?? 'kernel';
  if (beat !== 'kernel' && beat !== 'ping') throw new TypeError('beat must be "kernel" or "ping"');
  // The beat's verdict comes userTimeoutMs after a beat that went unanswered: interval +
  // userTimeout = heartbeat.timeoutMs, the same budget as the ping heartbeat's.
  const kb = beat === 'kernel' ? preset.kernelBeat : undefined;
  const explicitTimeout = options.heartbeat?.timeoutMs;
  const deadFloorMs =
    explicitTimeout !== undefined && explicitTimeout !== preset.heartbeat.timeoutMs ? explicitTimeout : 0;
  const kernelBeat =
    kb && heartbeat.timeoutMs - kb.intervalMs >= 150
      ? {
          ...kb,
          userTimeoutMs: deadFloorMs > 0 ? deadFloorMs : heartbeat.timeoutMs - kb.intervalMs,
          suspectAfterMs: heartbeat.suspectAfterMs - heartbeat.intervalMs,
        }
      : null;

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
    preset: presetName,
    probe: preset.probe,
    tcpBudgetMs,
    tcp,
    tune: options.tune ?? LIVENESS_DEFAULTS.tune,
    sampleIntervalMs,
    writeHeartbeat,
    heartbeat,
    deadFloorMs,
    kernelBeat,
    terminateOnDead: options.terminateOnDead ?? LIVENESS_DEFAULTS.terminateOnDead,
  };
}

function rtoBounds(rto: { minUs?: number; maxMs?: number }): Pick<TcpSettings, 'rtoMinUs' | 'rtoMaxMs'> {
  return {
    ...(rto.minUs !== undefined ? { rtoMinUs: rto.minUs } : {}),
    ...(rto.maxMs !== undefined ? { rtoMaxMs: rto.maxMs } : {}),
  };
}
