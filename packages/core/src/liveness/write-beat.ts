import type { Socket } from 'node:net';
import { sharedBeatClock, type BeatClock, type BeatMember } from './beat-clock.js';

/**
 * The write heartbeat of a stream (SSE comments, a TCP client's own frames): a write whenever the
 * stream sent nothing for one interval, so a vanished peer is found by retransmission + user
 * timeout, which survives packet loss, instead of by a single keepalive probe.
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
  /** The latest tick as of which something was sent (a write is noted as of the tick before). */
  private lastSendTick: number;
  private stopped = false;

  constructor(
    private readonly socket: Socket,
    private readonly write: () => void,
    intervalMs: number,
    private readonly clock: BeatClock = sharedBeatClock({
      intervalMs,
      // Never stretched for a crowd: the user timeout counts on this interval.
      budgetPerSecond: Number.POSITIVE_INFINITY,
      maxIntervalMs: intervalMs,
    }),
  ) {
    this.lastWritten = socket.bytesWritten;
    this.lastSendTick = clock.n;
    clock.add(this);
  }

  stop(): void {
    this.stopped = true;
    this.clock.remove(this);
  }

  tick(n: number, every: number): void {
    if (this.stopped || this.socket.destroyed || !this.socket.writable) return this.stop();
    if (this.socket.bytesWritten !== this.lastWritten) this.lastSendTick = n - 1;
    // Data still waiting in Node's buffer goes out (or probes a closed window) by itself.
    if (this.socket.writableLength === 0 && n - this.lastSendTick >= every) {
      this.write();
      this.lastSendTick = n;
    }
    this.lastWritten = this.socket.bytesWritten;
  }
}
