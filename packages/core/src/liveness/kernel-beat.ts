import type { Socket } from 'node:net';
import { setUserTimeout } from '../net/probe-now.js';
import type { LivenessTracker } from './tracker.js';
import { sharedBeatClock, type BeatClock, type BeatClockOptions, type BeatMember } from './beat-clock.js';

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
 * Every beat of the process rides one shared clock (beat-clock.ts): one wake-up per half
 * interval serves every idle connection, and a crowd past the beat budget beats less often.
 *
 * While data waits in Node's buffer (the peer's window is closed: a slow reader), the kernel
 * would abort after userTimeoutMs of zero-window probes; the user timeout is raised to the TCP
 * budget until it drains, as for any other connection.
 */
export class KernelBeat implements BeatMember {
  private lastWritten: number;
  /**
   * The latest tick by which the link was known fine or tested: of the last beat or other write
   * (a write is noted at the next tick as of the tick before it), or of the peer's last frame.
   */
  private lastSendTick: number;
  private relaxed = false;
  private stopped = false;

  constructor(
    private readonly watch: LivenessTracker,
    private readonly socket: Socket,
    private readonly beat: () => void,
    private readonly o: { userTimeoutMs: number; budgetMs: number } & BeatClockOptions,
    private readonly clock: BeatClock = sharedBeatClock(o),
  ) {
    this.lastWritten = socket.bytesWritten;
    this.lastSendTick = clock.n;
    setUserTimeout(socket, o.userTimeoutMs);
    this.clock.add(this);
  }

  /**
   * The peer's own traffic: it was there (after the clock's latest tick), so the next beat is
   * due an interval later; a vanished peer is still found within interval + userTimeoutMs.
   */
  heard(): void {
    this.lastSendTick = this.clock.n;
  }

  /** The longest gap between two frames to this peer, however large the crowd. */
  get maxEveryMs(): number {
    return this.clock.maxEveryMs();
  }

  stop(): void {
    this.stopped = true;
    this.clock.remove(this);
  }

  /** Tick `n` of the clock; `every`: beat after that many ticks without a write. */
  tick(n: number, every: number): void {
    if (this.stopped || this.watch.finished || this.socket.destroyed) return this.stop();
    const backlog = this.socket.writableLength > 0;
    if (backlog !== this.relaxed) {
      this.relaxed = backlog;
      setUserTimeout(this.socket, backlog ? this.o.budgetMs : this.o.userTimeoutMs);
    }
    // Something left since the previous tick (an event, a reply): that was a beat, as early as
    // just after that tick, so no gap exceeds `every` ticks.
    if (this.socket.bytesWritten !== this.lastWritten) this.lastSendTick = n - 1;
    if (!backlog && n - this.lastSendTick >= every) {
      this.beat();
      this.lastSendTick = n;
    }
    this.lastWritten = this.socket.bytesWritten;
  }
}
