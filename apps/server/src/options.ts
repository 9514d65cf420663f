import type { Logger } from '@pulseboard/core';
import {
  LIVENESS_PRESETS,
  LIVENESS_PRESETS_NAMES,
  type BeatMode,
  type LivenessPresetName,
} from '@pulseboard/core/liveness/index';
import { STORAGE_SYNCS, type StorageSync } from '@pulseboard/core/store/index';

export interface HeartbeatOptions {
  intervalMs: number;
  suspectAfterMs: number;
  timeoutMs: number;
}

export interface ServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Users, audit log and chat history live here. */
  dataDir: string;
  /** 'sim' or a path to a board description (.json / .yaml). */
  board: string;
  maxUsers: number;
  /** Live push connections (WebSocket + SSE) one user may hold; more are closed with 4408. */
  maxConnectionsPerUser: number;
  /** Sockets open at once (all addresses); more are dropped when accepted. */
  maxConnections: number;
  /** Sockets from one address that have not passed authentication yet. */
  maxPreAuthPerAddress: number;
  /** CIDR allowlist; empty = everyone. */
  allow: string[];
  basic: boolean;
  tls: { cert: string; key: string } | null;
  /** Named liveness budget (lan-fast, wifi-tolerant, cellular): the defaults of the two below. */
  livenessPreset: LivenessPresetName;
  /** Longest a vanished TCP peer may go unnoticed (liveness engine's budget). */
  tcpBudgetMs: number;
  heartbeat: HeartbeatOptions;
  /** WebSocket beat: 'kernel' (one-way, judged by TCP; where the kernel allows) or 'ping'. */
  livenessBeat: BeatMode;
  /** SSE write heartbeat: keeps the stream non-idle so loss is retried, not misjudged. */
  sseHeartbeatMs: number;
  /** How long a session with no live connection may come back. */
  graceMs: number;
  /** Largest WebSocket message accepted. */
  maxPayload: number;
  wsRate: { perSec: number; burst: number };
  /** Operations (REST + WS) one user may ask for, all connections together. */
  operationRate: { perSec: number; burst: number };
  /** Commands one line may have waiting; more are refused with QUEUE_FULL. */
  maxQueuedPerLine: number;
  /** Slowloris guards. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxHeaderSize: number;
  /** Where the built panel is; defaults to apps/server/panel/dist. */
  panelDir: string;
  logger: Logger | null;
  /** process_* default metrics (off in tests that start many servers). */
  defaultMetrics: boolean;
  /** Simulated hardware latency for board 'sim'. */
  simLatencyMs: number;
  /** Audit log and chat: 'full' commits survive power loss, 'normal' a process crash (less SD wear). */
  storageSync: StorageSync;
}

export const defaultServerOptions: ServerOptions = {
  host: '0.0.0.0',
  port: 8080,
  dataDir: '.pulseboard',
  board: 'sim',
  maxUsers: 10,
  maxConnectionsPerUser: 8,
  maxConnections: 1000,
  maxPreAuthPerAddress: 64,
  allow: [],
  basic: true,
  tls: null,
  livenessPreset: 'lan-fast',
  tcpBudgetMs: LIVENESS_PRESETS['lan-fast'].tcpBudgetMs,
  heartbeat: { ...LIVENESS_PRESETS['lan-fast'].heartbeat },
  livenessBeat: 'kernel',
  sseHeartbeatMs: 250,
  graceMs: 30_000,
  maxPayload: 16 * 1024,
  wsRate: { perSec: 20, burst: 40 },
  operationRate: { perSec: 10, burst: 20 },
  maxQueuedPerLine: 16,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxHeaderSize: 16 * 1024,
  panelDir: new URL('../panel/dist', import.meta.url).pathname,
  logger: null,
  defaultMetrics: true,
  simLatencyMs: 100,
  storageSync: 'full',
};

export type ServerOptionsInput = Partial<Omit<ServerOptions, 'heartbeat' | 'wsRate' | 'operationRate'>> & {
  heartbeat?: Partial<HeartbeatOptions>;
  wsRate?: Partial<ServerOptions['wsRate']>;
  operationRate?: Partial<ServerOptions['operationRate']>;
};

function positiveInt(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0)
    throw new TypeError(`options.${name} must be a positive integer`);
}

/** Spread defaults, then validate every field and combination once (exact TypeError messages). */
export function resolveServerOptions(input: ServerOptionsInput = {}): ServerOptions {
  const presetName = input.livenessPreset ?? defaultServerOptions.livenessPreset;
  if (!LIVENESS_PRESETS_NAMES.includes(presetName)) {
    throw new TypeError(`options.livenessPreset must be one of ${LIVENESS_PRESETS_NAMES.join(', ')}`);
  }
  const preset = LIVENESS_PRESETS[presetName];
  const o: ServerOptions = {
    ...defaultServerOptions,
    tcpBudgetMs: preset.tcpBudgetMs,
    ...input,
    heartbeat: { ...preset.heartbeat, ...input.heartbeat },
    wsRate: { ...defaultServerOptions.wsRate, ...input.wsRate },
    operationRate: { ...defaultServerOptions.operationRate, ...input.operationRate },
  };
  if (!STORAGE_SYNCS.includes(o.storageSync))
    throw new TypeError('options.storageSync must be "full" or "normal"');
  if (o.livenessBeat !== 'kernel' && o.livenessBeat !== 'ping') {
    throw new TypeError('options.livenessBeat must be "kernel" or "ping"');
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) {
    throw new TypeError('options.port must be an integer from 0 to 65535');
  }
  if (typeof o.dataDir !== 'string' || o.dataDir === '')
    throw new TypeError('options.dataDir must be a non-empty string');
  if (typeof o.board !== 'string' || o.board === '')
    throw new TypeError('options.board must be "sim" or a file path');
  positiveInt(o.maxUsers, 'maxUsers');
  positiveInt(o.maxConnectionsPerUser, 'maxConnectionsPerUser');
  positiveInt(o.maxConnections, 'maxConnections');
  positiveInt(o.maxPreAuthPerAddress, 'maxPreAuthPerAddress');
  positiveInt(o.tcpBudgetMs, 'tcpBudgetMs');
  positiveInt(o.sseHeartbeatMs, 'sseHeartbeatMs');
  positiveInt(o.maxPayload, 'maxPayload');
  positiveInt(o.headersTimeoutMs, 'headersTimeoutMs');
  positiveInt(o.requestTimeoutMs, 'requestTimeoutMs');
  positiveInt(o.maxHeaderSize, 'maxHeaderSize');
  positiveInt(o.wsRate.perSec, 'wsRate.perSec');
  positiveInt(o.wsRate.burst, 'wsRate.burst');
  positiveInt(o.operationRate.perSec, 'operationRate.perSec');
  positiveInt(o.operationRate.burst, 'operationRate.burst');
  positiveInt(o.maxQueuedPerLine, 'maxQueuedPerLine');
  if (!Number.isInteger(o.graceMs) || o.graceMs < 0)
    throw new TypeError('options.graceMs must be an integer >= 0');
  if (!Array.isArray(o.allow)) throw new TypeError('options.allow must be an array of CIDR strings');
  if (o.tls && (!o.tls.cert || !o.tls.key)) throw new TypeError('options.tls needs both cert and key');
  if (o.requestTimeoutMs < o.headersTimeoutMs) {
    throw new TypeError('options.requestTimeoutMs must be >= options.headersTimeoutMs');
  }
  return o;
}
