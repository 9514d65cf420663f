export {
  createPresence,
  type Presence,
  type ConnectInput,
  type ConnectResult,
  type WatchLike,
} from './presence.js';
export type { PresenceOptions } from './options.js';
export { checkAdmission, type AdmissionResult, type AdmissionInput } from './admission.js';
export { createAllowlist, parseCidr, ALLOW_ALL, type Allowlist } from './cidr.js';
export { isMappedIPv4, normalizeAddress } from './ip.js';
export { sameHostCasualties, SILENT_CAUSES, type HostConnection } from './same-host.js';
export { isTransport } from './events.js';
export type {
  ConnectionInfo,
  ConnectionState,
  LivenessReport,
  PresenceEvent,
  PresenceEventMap,
  PresenceEventType,
  PresenceSnapshot,
  PresenceUser,
  Transport,
  UserPresenceState,
} from './events.js';
