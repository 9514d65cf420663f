import { loadLibc } from './libc.js';

export type SocketOptionName =
  'SO_KEEPALIVE' | 'TCP_KEEPIDLE' | 'TCP_KEEPINTVL' | 'TCP_KEEPCNT' | 'TCP_USER_TIMEOUT' | 'TCP_INFO';

/** What this process can do to a socket; for the startup log line and /healthz. */
export interface SocketCapability {
  ffi: boolean;
  /** Why FFI is off (null when on). */
  reason: string | null;
  platform: NodeJS.Platform;
  options: SocketOptionName[];
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
  if (loaded.ok) {
    return {
      ffi: true,
      reason: null,
      platform: process.platform,
      options: [...FULL],
      summary: 'full: keepalive interval/count, TCP_USER_TIMEOUT and TCP_INFO via ffi-rs',
    };
  }
  return {
    ffi: false,
    reason: loaded.reason,
    platform: process.platform,
    options: [...NODE_ONLY],
    summary: "reduced: Node's setKeepAlive only (interval 1 s x 10 probes, no user timeout, no TCP_INFO)",
  };
}
