import type { Socket } from 'node:net';
import { sharedBeatClock, type BeatClock, type BeatMember } from './beat-clock.js';

/**
 * The write heartbeat of a stream (SSE comments, a TCP client's own frames): a write whenever the
 * stream sent nothing for one interval, so a vanished peer is found by retransmission + user
 * timeout, which survives packet loss, instead of by a single keepalive probe. The kernel-judged
 * WebSocket beat (kernel-beat.ts) is this rule plus its own judging.
 *
 * No gap is longer than the interval, however the stream's own writes fall: the user timeout
 * was shortened by exactly one interval on that promise (options.ts). A timer that skipped its
 * turn whenever anything had been written since its last turn let a gap reach two intervals
 * (data just after a turn, nothing at the next): a vanished peer was found up to one interval
 * late, depending on where its events fell.
 *
 * The streams share one clock per interval (beat-clock.ts): one wake-up per half interval for
 * all of them, its ticks counted so jitter neither doubles a write nor stretches a gap.
 */
export class WriteBeat implements BeatMember {
  private lastWritten: number;
  /**
   * The latest tick by which the link was known fine or tested: of the last write (one that
   * did not come from here is noted at the next tick as of the tick before it).
   */
  protected lastSendTick: number;
  private stopped = false;

  constructor(
    protected readonly socket: Socket,
    private readonly write: () => void,
    protected readonly clock: BeatClock,
  ) {
    this.lastWritten = socket.bytesWritten;
    this.lastSendTick = clock.n;
    clock.add(this);
  }

  stop(): void {
    this.stopped = true;
    this.clock.remove(this);
  }

  /** Tick `n` of the clock; `every`: write after that many ticks without a write. */
  tick(n: number, every: number): void {
    if (this.stopped || this.over()) return this.stop();
    // Data still waiting in Node's buffer goes out (or probes a closed window) by itself.
    const backlog = this.socket.writableLength > 0;
    // Something left since the previous tick (an event, a reply): that was a beat, as early as
    // just after that tick, so no gap exceeds `every` ticks.
    if (this.socket.bytesWritten !== this.lastWritten) this.sent(n - 1);
    this.ticked(n, backlog);
    if (!backlog && n - this.lastSendTick >= every) {
      this.write();
      this.sent(n);
    }
    this.lastWritten = this.socket.bytesWritten;
  }

  /** Nothing more to write to. */
  protected over(): boolean {
    return this.socket.destroyed || !this.socket.writable;
  }

  /** Something was sent as of tick `tick`. */
  protected sent(tick: number): void {
    this.lastSendTick = tick;
  }

  /** Each tick, once what was sent is noted and before the write is due. */
  protected ticked(_n: number, _backlog: boolean): void {}
}

/** The clock the write heartbeats of one interval share: never stretched for a crowd. */
export function streamBeatClock(intervalMs: number): BeatClock {
  // The user timeout counts on this interval.
  return sharedBeatClock({
    intervalMs,
    budgetPerSecond: Number.POSITIVE_INFINITY,
    maxIntervalMs: intervalMs,
  });
}
