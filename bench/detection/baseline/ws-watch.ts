// Frozen copy of packages/core/src/liveness/ws-watch.ts as of main 2ee4206 (before detection v2): the
// bench's "today" configuration. Not used by the server; do not improve it.
import type { Socket } from 'node:net';
import { resolveLivenessOptions, type WatchWebSocketOptions } from './options.js';
import { ConnectionWatch, attachSocket } from './socket-watch.js';

/** The part of a `ws` WebSocket the watch uses (core does not depend on `ws`). */
export interface WebSocketLike {
  readonly readyState: number;
  ping(data?: unknown, mask?: boolean, cb?: (err?: Error) => void): void;
  terminate(): void;
  on(event: 'pong' | 'ping' | 'message' | 'close', listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

const OPEN = 1;

/**
 * Watches a WebSocket: everything watchSocket does on the underlying socket, plus ping frames
 * every heartbeat.intervalMs. Any pong, ping or message counts as heard; one missed beat makes
 * the connection suspect, heartbeat.timeoutMs of silence makes it dead.
 */
export function watchWebSocket(
  ws: WebSocketLike,
  socket: Socket,
  options: WatchWebSocketOptions = {},
): ConnectionWatch {
  const opts = resolveLivenessOptions(options);
  const watch = new ConnectionWatch({
    suspectAfterMs: opts.heartbeat.suspectAfterMs,
    deadAfterMs: opts.heartbeat.timeoutMs,
  });
  attachSocket(watch, socket, opts, false);
  if (watch.finished) return watch;

  // Ping payload = sequence number, so a pong is matched to its ping for the RTT.
  const sentAt = new Map<number, number>();
  let seq = 0;
  const ping = () => {
    if (ws.readyState !== OPEN) return;
    seq = (seq + 1) % 1_000_000;
    sentAt.set(seq, Date.now());
    if (sentAt.size > 16) sentAt.delete(sentAt.keys().next().value!);
    try {
      ws.ping(String(seq));
    } catch {
      // closing: the close/error path reports it
    }
  };
  const onPong = (data: unknown) => {
    const now = Date.now();
    const sent = sentAt.get(Number(String(data)));
    if (sent !== undefined) watch.setRtt(now - sent);
    watch.heard(now);
  };
  const onHeard = () => watch.heard();
  const onClose = (code: unknown) => watch.fail('fin', `ws close ${String(code)}`);
  ws.on('pong', onPong);
  ws.on('ping', onHeard);
  ws.on('message', onHeard);
  ws.on('close', onClose);
  watch.every(opts.heartbeat.intervalMs, ping);
  ping();

  watch.onFinish(() => {
    ws.off('pong', onPong);
    ws.off('ping', onHeard);
    ws.off('message', onHeard);
    ws.off('close', onClose);
  });
  watch.on('dead', () => {
    if (opts.terminateOnDead && ws.readyState !== 3) ws.terminate();
  });
  return watch;
}
