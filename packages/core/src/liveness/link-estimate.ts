// What a connection has taught us about its link: RTT and jitter from heartbeat round trips
// (TCP's own estimator: srtt += (r - srtt) / 8, rttvar += (|r - srtt| - rttvar) / 4), and how
// often a beat needed a second chance (its answer late, or a probe), with a prior so a young
// connection is not trusted to be loss-free. From those, the deadline is chosen like a
// φ-accrual detector: dead once a healthy link with this loss rate would have stayed silent
// this long less often than the target false-alarm rate.

export interface EstimatorPrior {
  /** Assumed chance that one heartbeat round trip is lost before anything is learned. */
  roundTripLoss: number;
  /** How many round trips that prior is worth. */
  weight: number;
}

export class LinkEstimate {
  srttMs: number | null = null;
  rttVarMs = 0;
  private exchanges = 0;
  private misses = 0;
  private tcpLoss: number | null = null;

  constructor(private readonly prior: EstimatorPrior) {}

  rttSample(ms: number): void {
    if (this.srttMs === null) {
      this.srttMs = ms;
      this.rttVarMs = ms / 2;
      return;
    }
    this.rttVarMs += (Math.abs(ms - this.srttMs) - this.rttVarMs) / 4;
    this.srttMs += (ms - this.srttMs) / 8;
  }

  /** One heartbeat round trip finished; `missed` when it needed a probe or came late. */
  exchange(missed: boolean): void {
    this.exchanges++;
    if (missed) this.misses++;
  }

  /** Server-side retransmission ratio from TCP_INFO (retransmitted / sent segments). */
  tcpRetransRatio(ratio: number): void {
    this.tcpLoss = ratio;
  }

  /** Chance that one round trip fails (either direction), prior included. */
  roundTripLoss(): number {
    const { roundTripLoss, weight } = this.prior;
    const fromBeats = (this.misses + roundTripLoss * weight) / (this.exchanges + weight);
    // Retransmissions only see our direction; a round trip crosses the link twice.
    const fromTcp = this.tcpLoss === null ? 0 : Math.min(1, 2 * this.tcpLoss);
    return Math.min(0.9, Math.max(fromBeats, fromTcp));
  }

  /** Per-packet loss as shown to people (half the round-trip figure). */
  packetLoss(): number {
    return this.roundTripLoss() / 2;
  }
}

export interface ChanceInput {
  roundTripLoss: number;
  /** Heartbeat round trips per hour. */
  beatsPerHour: number;
  /** Acceptable false "dead" per connection-hour. */
  falseDeadPerHour: number;
  min: number;
  max: number;
}

/**
 * How many extra chances (probes) a silent beat gets before "dead": the smallest k with
 * q^(k+1) * beatsPerHour <= falseDeadPerHour (the first beat plus k probes all failing on a
 * healthy link), clamped to [min, max].
 */
export function chancesFor(c: ChanceInput): number {
  const q = Math.min(0.9, Math.max(1e-6, c.roundTripLoss));
  const need = Math.log(c.falseDeadPerHour / c.beatsPerHour) / Math.log(q) - 1;
  return Math.min(c.max, Math.max(c.min, Math.ceil(need)));
}
