// Linux socket option numbers (x86_64, aarch64, arm: identical). tcp-info.test.ts checks them
// against the C headers so a typo cannot hide here.
export const SOL_SOCKET = 1;
export const SO_KEEPALIVE = 9;
export const IPPROTO_TCP = 6;
export const TCP_KEEPIDLE = 4;
export const TCP_KEEPINTVL = 5;
export const TCP_KEEPCNT = 6;
export const TCP_INFO = 11;
export const TCP_USER_TIMEOUT = 18;
// Newer than the 6.1 headers installed here, so tcp-info.test.ts cannot check them against C:
// values from include/uapi/linux/tcp.h of Linux 6.15 (see rto.ts).
export const TCP_RTO_MAX_MS = 44;
export const TCP_RTO_MIN_US = 45;
export const AF_INET = 2;
export const SOCK_STREAM = 1;

/** Kernel TCP states as TCP_INFO reports them (include/net/tcp_states.h). */
export const TCP_STATES = [
  'UNKNOWN',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
] as const;

export type TcpStateName = (typeof TCP_STATES)[number];
