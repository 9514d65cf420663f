import type { Socket } from 'node:net';
import {
  IPPROTO_TCP,
  SOL_SOCKET,
  SO_KEEPALIVE,
  TCP_KEEPCNT,
  TCP_KEEPIDLE,
  TCP_KEEPINTVL,
  TCP_RTO_MAX_MS,
  TCP_RTO_MIN_US,
  TCP_USER_TIMEOUT,
} from './constants.js';
import { socketFd } from './fd.js';
import { loadLibc } from './libc.js';
import { rtoSupport } from './rto.js';

export interface TcpSettings {
  /** Idle time before the first keepalive probe; the kernel takes whole seconds (>= 1). */
  keepIdleS: number;
  /** Between keepalive probes, whole seconds (>= 1). */
  keepIntvlS: number;
  keepCnt: number;
  /** TCP_USER_TIMEOUT; 0 leaves the kernel default (retransmit ~15 minutes). */
  userTimeoutMs: number;
  /** TCP_RTO_MIN_US where the kernel has it (rto.ts); undefined leaves the kernel's 200 ms. */
  rtoMinUs?: number;
  /** TCP_RTO_MAX_MS where the kernel has it; caps the retransmission backoff. */
  rtoMaxMs?: number;
}

export interface TuneResult {
  ffi: boolean;
  /** What the kernel reports after tuning (read back), or what Node set without FFI. */
  applied: Partial<TcpSettings> & { keepalive: boolean };
  errors: string[];
}

/**
 * Applies keepalive + user timeout to a connected socket. Node's setKeepAlive runs first (it
 * turns SO_KEEPALIVE on and, in libuv 1.46, forces KEEPINTVL=1 / KEEPCNT=10 on every call), then
 * our values overwrite it and are read back, so the result shows what the kernel really has.
 */
export function tuneSocket(socket: Socket, settings: TcpSettings): TuneResult {
  socket.setKeepAlive(true, settings.keepIdleS * 1000);
  const loaded = loadLibc();
  const fd = socketFd(socket);
  if (!loaded.ok || fd === undefined) {
    const why = loaded.ok ? 'socket has no file descriptor' : loaded.reason;
    return { ffi: false, applied: { keepalive: true, keepIdleS: settings.keepIdleS }, errors: [why] };
  }
  const { libc } = loaded;
  const errors: string[] = [];
  const set = (level: number, name: number, value: number) => {
    try {
      libc.setInt(fd, level, name, value);
    } catch (err) {
      errors.push((err as Error).message);
    }
  };
  set(SOL_SOCKET, SO_KEEPALIVE, 1);
  set(IPPROTO_TCP, TCP_KEEPIDLE, settings.keepIdleS);
  set(IPPROTO_TCP, TCP_KEEPINTVL, settings.keepIntvlS);
  set(IPPROTO_TCP, TCP_KEEPCNT, settings.keepCnt);
  set(IPPROTO_TCP, TCP_USER_TIMEOUT, settings.userTimeoutMs);
  // Optional: absent on kernels before 6.15, where detection is simply a little slower.
  const rto = rtoSupport();
  if (settings.rtoMinUs !== undefined && rto.minUs) set(IPPROTO_TCP, TCP_RTO_MIN_US, settings.rtoMinUs);
  if (settings.rtoMaxMs !== undefined && rto.maxMs) set(IPPROTO_TCP, TCP_RTO_MAX_MS, settings.rtoMaxMs);
  try {
    return { ffi: true, applied: readTcpSettings(socket) ?? { keepalive: false }, errors };
  } catch (err) {
    return { ffi: true, applied: { keepalive: false }, errors: [...errors, (err as Error).message] };
  }
}

/** Reads the options back from the kernel (RTO bounds where supported); undefined without FFI or fd. */
export function readTcpSettings(socket: Socket): (TcpSettings & { keepalive: boolean }) | undefined {
  const loaded = loadLibc();
  const fd = socketFd(socket);
  if (!loaded.ok || fd === undefined) return undefined;
  const get = (level: number, name: number) => loaded.libc.getInt(fd, level, name);
  const rto = rtoSupport();
  return {
    keepalive: get(SOL_SOCKET, SO_KEEPALIVE) !== 0,
    keepIdleS: get(IPPROTO_TCP, TCP_KEEPIDLE),
    keepIntvlS: get(IPPROTO_TCP, TCP_KEEPINTVL),
    keepCnt: get(IPPROTO_TCP, TCP_KEEPCNT),
    userTimeoutMs: get(IPPROTO_TCP, TCP_USER_TIMEOUT),
    ...(rto.minUs ? { rtoMinUs: get(IPPROTO_TCP, TCP_RTO_MIN_US) } : {}),
    ...(rto.maxMs ? { rtoMaxMs: get(IPPROTO_TCP, TCP_RTO_MAX_MS) } : {}),
  };
}
