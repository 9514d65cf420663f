export { watchSocket, ConnectionWatch } from './socket-watch.js';
export { watchWebSocket, type WebSocketLike } from './ws-watch.js';
export { LivenessTracker, type TrackerOptions } from './tracker.js';
export { classifySocketError, type TimeoutEvidence } from './classify.js';
export {
  deriveTcpSettings,
  resolveLivenessOptions,
  LIVENESS_DEFAULTS,
  MIN_TCP_BUDGET_MS,
  type BeatMode,
  type HeartbeatOptions,
  type WriteHeartbeatOptions,
  type WatchSocketOptions,
  type WatchWebSocketOptions,
  type ResolvedLivenessOptions,
} from './options.js';
export type { DeathCause, LivenessEvents, LivenessSnapshot, LivenessState } from './types.js';
export {
  LIVENESS_PRESETS,
  LIVENESS_PRESETS_NAMES,
  DEFAULT_PRESET,
  type LivenessPreset,
  type LivenessPresetName,
  type ProbeOptions,
} from './presets.js';
export { LinkEstimate, chancesFor, type EstimatorPrior } from './link-estimate.js';
export { Heartbeat, type Pinger } from './heartbeat.js';
export { TimerWheel, sharedWheel, type WheelEntry } from './wheel.js';
export { KernelBeat } from './kernel-beat.js';
