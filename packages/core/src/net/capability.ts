import { loadLibc } from './libc.js';
import { rtoSupport, type RtoSupport } from './rto.js';

export type SocketOptionName =
  | 'SO_KEEPALIVE'
  | 'TCP_KEEPIDLE'
  | 'TCP_KEEPINTVL'
  | 'TCP_KEEPCNT'
  | 'TCP_USER_TIMEOUT'
  | 'TCP_INFO'
  | 'TCP_RTO_MIN_US'
  | 'TCP_RTO_MAX_MS';

/** What this process can do to a socket; for the startup log line and /healthz. */
export interface SocketCapability {
  ffi: boolean;
  /** Why FFI is off (null when on). */
  reason: string | null;
  platform: NodeJS.Platform;
  options: SocketOptionName[];
  /** Per-socket RTO bounds (Linux >= 6.15), probed once at start; see rto.ts. */
  rto: RtoSupport;
  /** One line for humans: what detection to expect. */
  summary: string;
}

const NODE_ONLY: SocketOptionName[] = ['SO_KEEPALIVE', 'TCP_KEEPIDLE'];
const FULL: SocketOptionName[] = [
  ...NODE_ONLY,
  'TCP_KEEPINTVL',
  'TCP_KEEPCNT',
  'TCP_USER_TIMEOUT',
  'TCP_INFO',
];

export function socketCapability(): SocketCapability {
  const loaded = loadLibc();
  const rto = rtoSupport();
  if (loaded.ok) {
    const options: SocketOptionName[] = [...FULL];
    if (rto.minUs) options.push('TCP_RTO_MIN_US');
    if (rto.maxMs) options.push('TCP_RTO_MAX_MS');
    const rtoText = rto.minUs ? ', per-socket RTO floor' : ' (no per-socket RTO floor: kernel < 6.15)';
    return {
      ffi: true,
      reason: null,
      platform: process.platform,
      options,
      rto,
      summary: `full: keepalive interval/count, TCP_USER_TIMEOUT and TCP_INFO via ffi-rs${rtoText}`,
    };
  }
  return {
    ffi: false,
    reason: loaded.reason,
    platform: process.platform,
    options: [...NODE_ONLY],
    rto,
    summary: "reduced: Node's setKeepAlive only (interval 1 s x 10 probes, no user timeout, no TCP_INFO)",
  };
}
