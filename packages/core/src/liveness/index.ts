export { watchSocket, ConnectionWatch } from './socket-watch.js';
export { watchWebSocket, type WebSocketLike } from './ws-watch.js';
export { LivenessTracker, type TrackerOptions } from './tracker.js';
export { classifySocketError, type TimeoutEvidence } from './classify.js';
export {
  deriveTcpSettings,
  resolveLivenessOptions,
  LIVENESS_DEFAULTS,
  MIN_TCP_BUDGET_MS,
  type HeartbeatOptions,
  type WriteHeartbeatOptions,
  type WatchSocketOptions,
  type WatchWebSocketOptions,
  type ResolvedLivenessOptions,
} from './options.js';
export type { DeathCause, LivenessEvents, LivenessSnapshot, LivenessState } from './types.js';
