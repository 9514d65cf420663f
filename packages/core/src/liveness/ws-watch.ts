import type { Socket } from 'node:net';
import { readTcpInfo } from '../net/tcp-info.js';
import { Heartbeat } from './heartbeat.js';
import { LinkEstimate } from './link-estimate.js';
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
/** The WebSocket watch reads TCP_INFO this many times less often than a TCP watch. */
const WS_SAMPLE_FACTOR = 5;

/**
 * Watches a WebSocket: everything watchSocket does on the underlying socket, plus the adaptive
 * ping heartbeat (heartbeat.ts). Any pong, ping or message counts as heard.
 */
export function watchWebSocket(
  ws: WebSocketLike,
  socket: Socket,
  options: WatchWebSocketOptions = {},
): ConnectionWatch {
  const opts = resolveLivenessOptions(options);
  const watch = new ConnectionWatch();
  const estimate = new LinkEstimate(opts.probe.prior);
  attachSocket(watch, socket, opts, {
    kernelEvidence: false,
    sampleEveryMs: opts.sampleIntervalMs * WS_SAMPLE_FACTOR,
    estimate,
  });
  if (watch.finished) return watch;

  // Ping payload = sequence number, so a pong is matched to its ping for the RTT.
  const pinger = {
    ping(seq: number): boolean {
      if (ws.readyState !== OPEN) return false;
      try {
        ws.ping(String(seq));
        return true;
      } catch {
        return false; // closing: the close/error path reports it
      }
    },
    lastKernelAckAt(): number | null {
      const info = readTcpInfo(socket);
      return info && info.state === 'ESTABLISHED' ? Date.now() - info.lastAckRecvMs : null;
    },
  };
  const beat = new Heartbeat(watch, pinger, opts, estimate);
  const onPong = (data: unknown) => beat.pong(Number(String(data)));
  const onHeard = () => beat.heard();
  const onClose = (code: unknown) => watch.fail('fin', `ws close ${String(code)}`);
  ws.on('pong', onPong);
  ws.on('ping', onHeard);
  ws.on('message', onHeard);
  ws.on('close', onClose);

  watch.onFinish(() => {
    beat.stop();
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
