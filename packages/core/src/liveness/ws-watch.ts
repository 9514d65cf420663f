import type { Socket } from 'node:net';
import { readTcpInfo } from '../net/tcp-info.js';
import { Heartbeat } from './heartbeat.js';
import { sharedBeatClock } from './beat-clock.js';
import { KernelBeat } from './kernel-beat.js';
import { LinkEstimate } from './link-estimate.js';
import { resolveLivenessOptions, type WatchWebSocketOptions } from './options.js';
import { ConnectionWatch, attachSocket } from './socket-watch.js';
import { sharedWheel } from './wheel.js';

/** The part of a `ws` WebSocket the watch uses (core does not depend on `ws`). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  ping(data?: unknown, mask?: boolean, cb?: (err?: Error) => void): void;
  pong(data?: unknown, mask?: boolean, cb?: (err?: Error) => void): void;
  terminate(): void;
  on(event: 'pong' | 'ping' | 'message' | 'close', listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

const OPEN = 1;

/**
 * An unsolicited pong: a one-way heartbeat the peer does not answer (RFC 6455 5.5.3); or, for a
 * client that asked, an empty text message its code can see. Both are 2 bytes on the wire.
 */
function sendBeat(ws: WebSocketLike, asMessage: boolean): void {
  if (ws.readyState !== OPEN) return;
  try {
    if (asMessage) ws.send('');
    else ws.pong();
  } catch {
    // closing: the close/error path reports it
  }
}
/** The WebSocket watch reads TCP_INFO this many times less often than a TCP watch. */
const WS_SAMPLE_FACTOR = 5;
/** Shortest wait for the answer to an application ping beside the kernel beat. */
const APP_WAIT_MIN_MS = 250;

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
  // The kernel-judged beat needs the lowered RTO floor (a lost beat must cost ms, not 200 ms+)
  // and FFI for TCP_USER_TIMEOUT; without them the ping heartbeat does it all. Known once the
  // socket is tuned. With it, this connection's other timers ride the beat clock's wake-ups.
  const kb = opts.kernelBeat;
  const clock = kb && sharedBeatClock(kb);
  const kernelBeats = () => {
    const floor = watch.tune?.applied.rtoMinUs;
    return !!clock && !!watch.tune?.ffi && floor !== undefined && floor > 0 && floor <= 50_000;
  };
  attachSocket(watch, socket, opts, {
    kernelEvidence: false,
    sampleEveryMs: opts.sampleIntervalMs * WS_SAMPLE_FACTOR,
    estimate,
    scheduler: () => (clock && kernelBeats() ? clock : sharedWheel),
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
  const kernel =
    kb && clock && kernelBeats()
      ? new KernelBeat(
          watch,
          socket,
          () => sendBeat(ws, options.beatMessage === true),
          // A suspicious beat asks the ping heartbeat (made below) for a ping at once: its answer,
          // queued behind the lost beat, says the link is back the moment it heals.
          { ...kb, budgetMs: opts.tcp.userTimeoutMs, onSuspect: () => beat.probe() },
          clock,
        )
      : null;
  if (kernel && options.beatMessage) watch.beatEveryMs = kernel.maxEveryMs;
  // Beside the kernel beat, real pings only for the application's liveness (a hung tab on a live
  // host) and the RTT, judged within the TCP budget.
  const pingOpts = kernel
    ? {
        ...opts,
        // A late answer here is a slow application, not a lost packet (the kernel beat covers
        // those): give it a quarter second before calling the connection suspect.
        probe: {
          ...opts.probe,
          waitMinMs: Math.max(opts.probe.waitMinMs, APP_WAIT_MIN_MS),
          everyMinMs: Math.max(opts.probe.everyMinMs, APP_WAIT_MIN_MS),
        },
        heartbeat: {
          intervalMs: kb!.appIntervalMs,
          suspectAfterMs: kb!.appIntervalMs + 500,
          timeoutMs: Math.max(opts.tcpBudgetMs, kb!.appIntervalMs + 600, opts.deadFloorMs),
        },
        // Its anchor is the last answered ping, up to an app interval old: it must not call a
        // host dead before the kernel beat's own verdict would (the user's heartbeat budget).
        deadFloorMs: Math.max(opts.deadFloorMs, opts.heartbeat.timeoutMs),
      }
    : opts;
  const beat = new Heartbeat(watch, pinger, pingOpts, estimate, kernel ? clock! : sharedWheel);
  const onPong = (data: unknown) => {
    kernel?.heard();
    beat.pong(Number(String(data)));
  };
  const onHeard = () => {
    kernel?.heard();
    beat.heard();
  };
  const onClose = (code: unknown) => watch.fail('fin', `ws close ${String(code)}`);
  ws.on('pong', onPong);
  ws.on('ping', onHeard);
  ws.on('message', onHeard);
  ws.on('close', onClose);

  watch.onFinish(() => {
    beat.stop();
    kernel?.stop();
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
