import type { Socket } from 'node:net';
import { IPPROTO_TCP, TCP_KEEPIDLE, TCP_USER_TIMEOUT } from './constants.js';
import { socketFd } from './fd.js';
import { loadLibc } from './libc.js';

/**
 * Sends one keepalive probe now, if the connection has been idle for at least `keepIdleS`.
 * Setting TCP_KEEPIDLE re-runs the kernel's keepalive timer with the time still to wait, which
 * is 0 once the idle time has passed: the timer fires at once and sends a probe (or, if
 * TCP_USER_TIMEOUT has run out with a probe unanswered, aborts the connection). Keepalive's own
 * ticks are whole seconds; this is how a suspect idle connection gets a second opinion sooner.
 * Returns false without FFI or fd.
 */
export function probeNow(socket: Socket, keepIdleS: number): boolean {
  const loaded = loadLibc();
  const fd = socketFd(socket);
  if (!loaded.ok || fd === undefined) return false;
  try {
    loaded.libc.setInt(fd, IPPROTO_TCP, TCP_KEEPIDLE, keepIdleS);
    return true;
  } catch {
    return false;
  }
}

/** Changes TCP_USER_TIMEOUT on a live socket (while a suspect idle connection is being probed). */
export function setUserTimeout(socket: Socket, ms: number): boolean {
  const loaded = loadLibc();
  const fd = socketFd(socket);
  if (!loaded.ok || fd === undefined) return false;
  try {
    loaded.libc.setInt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, ms);
    return true;
  } catch {
    return false;
  }
}
