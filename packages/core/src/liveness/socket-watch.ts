import type { Socket } from 'node:net';
import { streamBeatClock, WriteBeat } from './write-beat.js';
import { probeNow, setUserTimeout } from '../net/probe-now.js';
import { readTcpInfo, type TcpInfo } from '../net/tcp-info.js';
import { tuneSocket, type TuneResult } from '../net/tune.js';
import { classifySocketError } from './classify.js';
import { LinkEstimate } from './link-estimate.js';
import { resolveLivenessOptions, type ResolvedLivenessOptions, type WatchSocketOptions } from './options.js';
import { LivenessTracker } from './tracker.js';
import { sharedWheel, type Scheduler, type WheelEntry } from './wheel.js';

/**
 * How long a TCP_INFO sample that saw the socket CLOSEd waits for Node's 'error' / 'close'
 * event (which tells keepalive-timeout from user-timeout from rst) before it reports `tcp-state`.
 */
export const CLOSE_SETTLE_MS = 25;

/** Extra user timeout while an idle connection is being probed (see confirmIdle). */
const CONFIRM_USER_TIMEOUT_EXTRA_MS = 2000;

/** What watchSocket / watchWebSocket return. */
export class ConnectionWatch extends LivenessTracker {
  /** How the socket was tuned (null when `tune: false`). */
  tune: TuneResult | null = null;
  /** Last TCP_INFO sample, if sampling is on and FFI available. */
  lastTcpInfo: TcpInfo | null = null;
  /**
   * WebSocket with `beatMessage`: the longest the client goes without a frame from the server
   * (null: no such promise; the ping heartbeat's pings are invisible to a browser's code).
   */
  beatEveryMs: number | null = null;
}

/**
 * Watches a raw TCP socket (also HTTP keep-alive, SSE): tunes keepalive + user timeout, turns
 * 'end' / 'error' / 'close' into a cause, and samples TCP_INFO. An idle connection whose
 * keepalive probe went unanswered is suspect, not dead: it is probed again until an ACK comes or
 * the budget runs out (see README "Idle keepalive-only TCP").
 */
export function watchSocket(socket: Socket, options: WatchSocketOptions = {}): ConnectionWatch {
  const resolved = resolveLivenessOptions(options);
  const watch = new ConnectionWatch();
  attachSocket(watch, socket, resolved);
  return watch;
}

export interface AttachOptions {
  /**
   * Bytes read and ACKs seen in TCP_INFO count as heard, and idle connections are confirmed by
   * probes. Right for raw TCP; off for WebSocket, where only frames the peer's application
   * answers may refresh the deadline (its heartbeat judges).
   */
  kernelEvidence: boolean;
  /** TCP_INFO period (ms); the WebSocket watch samples rarely, its pongs carry the RTT. */
  sampleEveryMs: number;
  /** Where learned loss goes (the WebSocket heartbeat shares its estimate). */
  estimate: LinkEstimate;
  /** What runs the samples, asked once the socket is tuned (default: the shared wheel). */
  scheduler?: () => Scheduler;
}

/** Wires socket signals into an existing watch (shared with the WebSocket watch). */
export function attachSocket(
  watch: ConnectionWatch,
  socket: Socket,
  opts: ResolvedLivenessOptions,
  attach: AttachOptions = {
    kernelEvidence: true,
    sampleEveryMs: opts.sampleIntervalMs,
    estimate: new LinkEstimate(opts.probe.prior),
  },
): void {
  const { kernelEvidence, estimate } = attach;
  if (opts.tune) watch.tune = tuneSocket(socket, opts.tcp);
  // Chosen once the socket is tuned (what the tune allowed decides it); its pace stretches the period.
  const scheduler: Scheduler = attach.scheduler?.() ?? sharedWheel;
  const sampleEveryMs = () => attach.sampleEveryMs * (scheduler.pace?.() ?? 1);

  // ETIMEDOUT evidence: was anything in flight? See classify.ts.
  let unackedAtLastSample = false;
  let bytesWrittenAllAcked = socket.bytesWritten;
  let bytesReadSeen = socket.bytesRead;
  let lastSampleAt = Date.now();

  // When a sample sees CLOSE before Node has read the socket's error (see sample()).
  let closeSeenAt: number | null = null;
  let settleTimer: NodeJS.Timeout | undefined;

  // Idle confirmation: probes we sent since the first unanswered keepalive probe.
  let confirming = 0;
  const idleDeadlineMs = opts.tcpBudgetMs;
  const keepIdleMs = opts.tcp.keepIdleS * 1000;

  /** One TCP_INFO sample; returns when the next one is due (null: stop sampling). */
  const sample = (now: number, lateMs = 0): number | null => {
    if (closeSeenAt !== null) return null;
    // Bytes arrived some time after the previous sample: claim no more than that.
    if (kernelEvidence && socket.bytesRead > bytesReadSeen) watch.heard(lastSampleAt);
    bytesReadSeen = socket.bytesRead;
    lastSampleAt = now;
    const written = socket.bytesWritten;
    const info = readTcpInfo(socket);
    if (!info) return kernelEvidence ? now + sampleEveryMs() : null;
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
      return null;
    }
    if (info.segsOut > 0) estimate.tcpRetransRatio(info.totalRetrans / info.segsOut);
    unackedAtLastSample = info.unacked > 0;
    const idle = info.unacked === 0 && info.notsentBytes === 0 && socket.writableLength === 0;
    if (idle) bytesWrittenAllAcked = written;
    if (!kernelEvidence) return now + sampleEveryMs();

    watch.setRtt(info.rttMs);
    estimate.rttSample(info.rttMs);
    watch.setLink(estimate.packetLoss(), idleDeadlineMs);
    // An ACK is evidence the peer's kernel is there, even when the application sends nothing.
    const lastAckAt = now - Math.min(info.lastAckRecvMs, info.lastDataRecvMs);
    watch.heard(lastAckAt);
    if (!idle) {
      // Data in flight: retransmissions survive loss and TCP_USER_TIMEOUT decides.
      if (info.backoff > 0) watch.suspect(`tcp: ${info.retransmits} retransmits unanswered`);
      return now + sampleEveryMs();
    }
    return confirmIdle(now, info, lastAckAt, lateMs);
  };

  // Keepalive probes are never retransmitted, so one lost probe (or its ACK) must not decide.
  // The kernel sends the first probe keepIdle after the last ACK; if it is still unanswered a
  // probe-wait later, the connection is suspect and gets a probe of ours every probe-wait (see
  // net/probe-now.ts) until an ACK comes or the budget since the last ACK runs out.
  let pardonedFor = -1;
  const confirmIdle = (now: number, info: TcpInfo, lastAckAt: number, lateMs: number): number => {
    const probeWaitMs = Math.max(100, Math.ceil(2 * info.rttMs + 4 * info.rttVarMs) + 50);
    if (info.probes === 0) {
      if (confirming > 0) {
        confirming = 0;
        estimate.exchange(true);
        setUserTimeout(socket, opts.tcp.userTimeoutMs);
      } else if (now - lastAckAt < keepIdleMs + probeWaitMs) estimate.exchange(false);
      return Math.max(now + 20, lastAckAt + keepIdleMs + probeWaitMs);
    }
    const silent = now - lastAckAt;
    // This process was stalled and could not send its probes: one more round (once per silence).
    if (silent >= idleDeadlineMs && lateMs > probeWaitMs && pardonedFor !== lastAckAt) {
      pardonedFor = lastAckAt;
      probeNow(socket, opts.tcp.keepIdleS);
      return now + probeWaitMs;
    }
    if (silent >= idleDeadlineMs) {
      watch.fail('keepalive-timeout', `${info.probes} probes unanswered, silent ${silent} ms`);
      socket.destroy();
      return now;
    }
    watch.suspect(`keepalive probe unanswered (silent ${silent} ms)`);
    // Our probes re-run the kernel's keepalive timer, which aborts once the user timeout has
    // passed with a probe out: move that backstop past our own deadline while we probe.
    if (confirming === 0) setUserTimeout(socket, idleDeadlineMs + CONFIRM_USER_TIMEOUT_EXTRA_MS);
    confirming++;
    probeNow(socket, opts.tcp.keepIdleS);
    return Math.min(now + probeWaitMs, lastAckAt + idleDeadlineMs);
  };

  if (attach.sampleEveryMs > 0 && opts.sampleIntervalMs > 0) {
    const entry: WheelEntry = {
      run: (now, lateMs) => {
        if (watch.finished) return;
        const next = sample(now, lateMs);
        if (next !== null && !watch.finished) scheduler.schedule(entry, next);
      },
    };
    const first = sample(Date.now());
    if (first !== null) scheduler.schedule(entry, first);
    watch.onFinish(() => scheduler.cancel(entry));
  }

  if (opts.writeHeartbeat) {
    const { write, intervalMs } = opts.writeHeartbeat;
    const beat = new WriteBeat(socket, write, streamBeatClock(intervalMs));
    watch.onFinish(() => beat.stop());
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
