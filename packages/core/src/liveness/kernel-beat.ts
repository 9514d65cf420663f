import type { Socket } from 'node:net';
import { setUserTimeout } from '../net/probe-now.js';
import type { LivenessTracker } from './tracker.js';
import { sharedWheel, type TimerWheel, type WheelEntry } from './wheel.js';

/**
 * The cheap WebSocket heartbeat: an unsolicited pong (RFC 6455 5.5.3: a one-way heartbeat, no
 * answer expected) whenever the server sent nothing for one interval, judged by the kernel.
 * The socket's TCP_USER_TIMEOUT is short (`userTimeoutMs`): a beat the peer's kernel does not
 * ACK is retransmitted on the lowered RTO floor (TCP_RTO_MIN_US, every ~10-40 ms, so a lost
 * segment or ACK costs a few ms, not a verdict) and the kernel aborts the connection once it
 * stayed unacknowledged that long; the socket's ETIMEDOUT is the detection (`user-timeout`).
 * A vanished host is found within interval + userTimeoutMs, like the ping heartbeat, but a beat
 * is one small write: no read, no wake-up for an answer, no JavaScript per answer. Anything the
 * server sends anyway (events, replies) is a beat too.
 *
 * Only the kernel answers a pong, so a live host whose application hangs is found by the slow
 * application heartbeat beside it (real pings, see ws-watch.ts), within the TCP budget.
 *
 * An interval above the peer's own RTO (Linux: >= 200 ms) makes a Linux peer ACK each beat at
 * once (quick-ACK after an idle gap) instead of delaying it by up to 40 ms.
 *
 * While data waits in Node's buffer (the peer's window is closed: a slow reader), the kernel
 * would abort after userTimeoutMs of zero-window probes; the user timeout is raised to the TCP
 * budget until it drains, as for any other connection.
 */
export class KernelBeat implements WheelEntry {
  private lastWritten: number;
  /**
   * The latest moment the link was known fine or tested: the last beat or other write (at the
   * earliest: writes are seen at the next run), or the peer's last frame.
   */
  private lastSendAt: number;
  private lastRunAt: number;
  private relaxed = false;
  private stopped = false;
  private readonly grid: number;

  constructor(
    private readonly watch: LivenessTracker,
    private readonly socket: Socket,
    private readonly beat: () => void,
    private readonly o: { intervalMs: number; userTimeoutMs: number; budgetMs: number },
    private readonly wheel: TimerWheel = sharedWheel,
  ) {
    this.grid = Math.max(1, Math.floor(o.intervalMs / 5));
    this.lastWritten = socket.bytesWritten;
    this.lastSendAt = this.lastRunAt = Date.now();
    setUserTimeout(socket, o.userTimeoutMs);
    this.wheel.schedule(this, this.next(this.lastRunAt));
  }

  /**
   * The peer's own traffic: it was there at `at`, so the next beat is due an interval later
   * (a vanished peer is still found within interval + userTimeoutMs of its last sign of life).
   */
  heard(at = Date.now()): void {
    if (at > this.lastSendAt) this.lastSendAt = at;
  }

  stop(): void {
    this.stopped = true;
    this.wheel.cancel(this);
  }

  run(now: number): void {
    if (this.stopped || this.watch.finished || this.socket.destroyed) return;
    const backlog = this.socket.writableLength > 0;
    if (backlog !== this.relaxed) {
      this.relaxed = backlog;
      setUserTimeout(this.socket, backlog ? this.o.budgetMs : this.o.userTimeoutMs);
    }
    // Something left since the previous run (an event, a reply): that was a beat, as early as
    // just after that run. Runs come every half interval, so no gap exceeds one interval.
    if (this.socket.bytesWritten !== this.lastWritten) this.lastSendAt = this.lastRunAt;
    this.lastRunAt = now;
    if (!backlog && now >= this.lastSendAt + this.o.intervalMs - this.grid) {
      this.beat();
      this.lastSendAt = now;
    }
    this.lastWritten = this.socket.bytesWritten;
    this.wheel.schedule(this, this.next(now));
  }

  /** On a grid of interval/5 shared by every connection, so idle ones beat in few wake-ups. */
  private next(now: number): number {
    const due = Math.min(now + this.o.intervalMs / 2, this.lastSendAt + this.o.intervalMs);
    return Math.max(now + 1, Math.floor(due / this.grid) * this.grid);
  }
}
