// Frozen copy of packages/core/src/liveness/socket-watch.ts as of main 2ee4206 (before detection v2): the
// bench's "today" configuration. Not used by the server; do not improve it.
import type { Socket } from 'node:net';
import { readTcpInfo, type TcpInfo } from '@pulseboard/core/net/index';
import { tuneSocket, type TuneResult } from '@pulseboard/core/net/index';
import { classifySocketError } from '@pulseboard/core/liveness/index';
import { resolveLivenessOptions, type ResolvedLivenessOptions, type WatchSocketOptions } from './options.js';
import { LivenessTracker } from './tracker.js';

/**
 * How long a TCP_INFO sample that saw the socket CLOSEd waits for Node's 'error' / 'close'
 * event (which tells keepalive-timeout from user-timeout from rst) before it reports `tcp-state`.
 */
export const CLOSE_SETTLE_MS = 25;

/** What watchSocket / watchWebSocket return. */
export class ConnectionWatch extends LivenessTracker {
  /** How the socket was tuned (null when `tune: false`). */
  tune: TuneResult | null = null;
  /** Last TCP_INFO sample, if sampling is on and FFI available. */
  lastTcpInfo: TcpInfo | null = null;
}

/**
 * Watches a raw TCP socket (also HTTP keep-alive, SSE): tunes keepalive + user timeout, turns
 * 'end' / 'error' / 'close' into a cause, and optionally samples TCP_INFO per connection.
 */
export function watchSocket(socket: Socket, options: WatchSocketOptions = {}): ConnectionWatch {
  const resolved = resolveLivenessOptions(options);
  const watch = new ConnectionWatch();
  attachSocket(watch, socket, resolved);
  return watch;
}

/**
 * Wires socket signals into an existing watch (shared with the WebSocket watch).
 * `kernelEvidence`: bytes read and ACKs seen in TCP_INFO count as heard. Right for raw TCP;
 * off for WebSocket, where only frames the peer's application answers may refresh the deadline.
 */
export function attachSocket(
  watch: ConnectionWatch,
  socket: Socket,
  opts: ResolvedLivenessOptions,
  kernelEvidence = true,
): void {
  if (opts.tune) watch.tune = tuneSocket(socket, opts.tcp);

  // ETIMEDOUT evidence: was anything in flight? See classify.ts.
  let unackedAtLastSample = false;
  let bytesWrittenAllAcked = socket.bytesWritten;
  let bytesReadSeen = socket.bytesRead;
  let lastSampleAt = Date.now();

  // When a sample sees CLOSE before Node has read the socket's error (see sample()).
  let closeSeenAt: number | null = null;
  let settleTimer: NodeJS.Timeout | undefined;

  const sample = () => {
    if (closeSeenAt !== null) return;
    const now = Date.now();
    // Bytes arrived some time after the previous sample: claim no more than that.
    if (kernelEvidence && socket.bytesRead > bytesReadSeen) watch.heard(lastSampleAt);
    bytesReadSeen = socket.bytesRead;
    lastSampleAt = now;
    const written = socket.bytesWritten;
    const info = readTcpInfo(socket);
    if (!info) return;
    watch.lastTcpInfo = info;
    // Only CLOSE means the kernel gave up; FIN_WAIT/LAST_ACK follow our own end() (the caller
    // should close() the watch first) and CLOSE_WAIT is a FIN that 'end' reports.
    if (info.state === 'CLOSE') {
      // The kernel aborted the connection (keepalive or user timeout, RST) and Node has not read
      // the error yet: under load a timer can run before the poll phase that delivers it. That
      // error carries the cause, so wait a few ms for it; the evidence stays the previous
      // sample's (a closed socket's counters no longer say what was in flight).
      closeSeenAt = now;
      if (info.unacked > 0) unackedAtLastSample = true;
      settleTimer = setTimeout(
        () => watch.fail('tcp-state', `TCP_INFO state ${info.state}`, now),
        CLOSE_SETTLE_MS,
      );
      settleTimer.unref();
      return;
    }
    watch.setRtt(info.rttMs);
    unackedAtLastSample = info.unacked > 0;
    if (info.unacked === 0 && info.notsentBytes === 0 && socket.writableLength === 0)
      bytesWrittenAllAcked = written;
    // An ACK is evidence the peer's kernel is there, even when the application sends nothing.
    if (kernelEvidence) watch.heard(now - Math.min(info.lastAckRecvMs, info.lastDataRecvMs));
    if (info.probes > 0 || info.backoff > 0) {
      watch.suspect(`tcp: ${info.probes} probes, ${info.retransmits} retransmits unanswered`);
    }
  };
  if (opts.sampleIntervalMs > 0) {
    sample();
    watch.every(opts.sampleIntervalMs, sample);
  }

  if (opts.writeHeartbeat) {
    const { write, intervalMs } = opts.writeHeartbeat;
    let lastWritten = socket.bytesWritten;
    // Keeps a stream non-idle so a vanished peer is found by retransmission + user timeout,
    // which survives packet loss, instead of by a single keepalive probe.
    watch.every(intervalMs, () => {
      if (socket.bytesWritten === lastWritten && socket.writable) write();
      lastWritten = socket.bytesWritten;
    });
  }

  const onEnd = () => watch.fail('fin', 'peer closed (FIN)');
  const onError = (err: NodeJS.ErrnoException) => {
    const evidence = { unackedAtLastSample, wroteSinceAllAcked: socket.bytesWritten > bytesWrittenAllAcked };
    const { cause, detail } = classifySocketError(err, evidence);
    // Detected when a sample first saw the socket closed, if one did.
    watch.fail(cause, detail, closeSeenAt ?? undefined);
  };
  const onClose = () =>
    watch.fail('tcp-state', 'socket closed without FIN or error', closeSeenAt ?? undefined);
  socket.on('end', onEnd);
  socket.on('error', onError);
  socket.on('close', onClose);
  watch.onFinish(() => {
    clearTimeout(settleTimer);
    socket.off('end', onEnd);
    socket.off('close', onClose);
    // Keep an error listener: an error after we stop watching must not crash the process.
    socket.off('error', onError);
    socket.on('error', ignore);
  });
}

function ignore(): void {}
