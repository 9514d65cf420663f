// When each packet leaves the delay relay: D ± J uniformly, never before the packet ahead
// of it. Keeping order avoids the spurious fast retransmits that reordering would cause; it is
// gentler than netem's default (which reorders with jitter) and is labelled as such.
export class DelaySchedule {
  private last = 0;
  constructor(
    readonly delayMs: number,
    readonly jitterMs: number,
    private readonly random: () => number = Math.random,
  ) {
    if (delayMs < 0 || jitterMs < 0) throw new RangeError('delay and jitter must be >= 0');
  }

  /** Release time (ms, same clock as `now`) for a packet that arrives at `now`. */
  releaseAt(now: number): number {
    const jitter = (this.random() * 2 - 1) * this.jitterMs;
    const t = Math.max(now + Math.max(0, this.delayMs + jitter), this.last);
    this.last = t;
    return t;
  }
}
