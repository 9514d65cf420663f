import type { Socket } from 'node:net';
import { readTcpInfo, type TcpInfo } from '../net/tcp-info.js';
import { tuneSocket, type TuneResult } from '../net/tune.js';
import { classifySocketError } from './classify.js';
import { resolveLivenessOptions, type ResolvedLivenessOptions, type WatchSocketOptions } from './options.js';
import { LivenessTracker } from './tracker.js';

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

  const sample = () => {
    const now = Date.now();
    // Bytes arrived some time after the previous sample: claim no more than that.
    if (kernelEvidence && socket.bytesRead > bytesReadSeen) watch.heard(lastSampleAt);
    bytesReadSeen = socket.bytesRead;
    lastSampleAt = now;
    const written = socket.bytesWritten;
    const info = readTcpInfo(socket);
    if (!info) return;
    watch.lastTcpInfo = info;
    watch.setRtt(info.rttMs);
    unackedAtLastSample = info.unacked > 0;
    if (info.unacked === 0 && info.notsentBytes === 0 && socket.writableLength === 0)
      bytesWrittenAllAcked = written;
    // Only CLOSE means the kernel gave up; FIN_WAIT/LAST_ACK follow our own end() (the caller
    // should close() the watch first) and CLOSE_WAIT is a FIN that 'end' reports.
    if (info.state === 'CLOSE') {
      watch.fail('tcp-state', `TCP_INFO state ${info.state}`);
      return;
    }
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
    watch.fail(cause, detail);
  };
  const onClose = () => watch.fail('tcp-state', 'socket closed without FIN or error');
  socket.on('end', onEnd);
  socket.on('error', onError);
  socket.on('close', onClose);
  watch.onFinish(() => {
    socket.off('end', onEnd);
    socket.off('close', onClose);
    // Keep an error listener: an error after we stop watching must not crash the process.
    socket.off('error', onError);
    socket.on('error', ignore);
  });
}

function ignore(): void {}
