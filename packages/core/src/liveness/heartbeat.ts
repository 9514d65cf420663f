import type { LinkEstimate } from './link-estimate.js';
import { chancesFor } from './link-estimate.js';
import type { ResolvedLivenessOptions } from './options.js';
import type { LivenessTracker } from './tracker.js';
import { STALL_MS, sharedWheel, type Scheduler, type WheelEntry } from './wheel.js';

/** Linux holds an ACK at most 200 ms (TCP_DELACK_MAX); plus a little for the RTT. */
const KERNEL_ACK_WINDOW_MS = 250;

/** The part of a WebSocket the heartbeat needs. */
export interface Pinger {
  /** Sends a ping carrying `seq`; false if the socket cannot send now. */
  ping(seq: number): boolean;
  /** When the peer's kernel last ACKed our data (epoch ms, from TCP_INFO); null if unknown. */
  lastKernelAckAt?(): number | null;
}

/**
 * The WebSocket heartbeat. `anchor` is the latest moment the peer is known to have been there
 * (the send time of the newest answered ping, or when its own traffic arrived). A beat is due one
 * interval after the anchor, rounded down to a grid of interval/5 shared by every connection, so
 * idle connections are pinged together in a few wake-ups; a connection heard since is not pinged.
 *
 * A beat unanswered after the learned wait (srtt + 4·rttvar, at least probe.waitMinMs) makes the
 * connection suspect and starts probes (extra pings: their answers, or the SACKs they cause,
 * make either kernel resend what was lost at once instead of after a 200 ms+ RTO). It is dead
 * after k probes went unanswered, k chosen from the learned loss so a healthy link stays silent
 * that long less often than probe.falseDeadPerHour (φ-accrual with a geometric loss model),
 * never later than heartbeat.timeoutMs after the anchor.
 *
 * At the deadline TCP_INFO is asked once: if the peer's kernel is still ACKing our recent probes,
 * the host is there and only its application is slow (a starved process, a frozen tab). That is
 * suspect, not dead, for as long as those ACKs keep coming, up to `appStallMs`; a host that
 * vanished (power, cable, Wi-Fi) sends no ACKs, so its detection is not delayed. A user's own
 * heartbeat.timeoutMs (`deadFloorMs`) is a floor too: never dead before that much silence.
 */
export class Heartbeat implements WheelEntry {
  private anchor: number;
  private lastPingAt = 0;
  private seq = 0;
  private readonly sentAt = new Map<number, number>();
  private probes = 0;
  /** The anchor whose silence was last excused for a stall of this process. */
  private pardonedAt = -1;
  private missed = false;
  /** Longest an application may stay silent while its kernel still ACKs (see class comment). */
  private readonly appStallMs: number;

  constructor(
    private readonly watch: LivenessTracker,
    private readonly pinger: Pinger,
    private readonly opts: ResolvedLivenessOptions,
    private readonly estimate: LinkEstimate,
    private readonly wheel: Scheduler = sharedWheel,
  ) {
    this.appStallMs = Math.max(opts.tcpBudgetMs, opts.deadFloorMs);
    // The connection itself is evidence; rounded down onto the grid so beats stay on it.
    this.anchor = Math.floor(Date.now() / this.grid()) * this.grid();
    this.wheel.schedule(this, this.beatAfter(this.anchor));
    this.publish();
  }

  stop(): void {
    this.wheel.cancel(this);
  }

  /** A pong: matched to its ping for the RTT; proves the peer was there when that ping left. */
  pong(seq: number, now = Date.now()): void {
    const sent = this.sentAt.get(seq);
    if (sent === undefined) return this.heard(now);
    this.sentAt.delete(seq);
    this.estimate.rttSample(now - sent);
    this.watch.setRtt(now - sent);
    if (sent <= this.anchor) return;
    this.anchor = sent;
    this.estimate.exchange(this.missed);
    this.missed = false;
    this.probes = 0;
    this.watch.heard(now);
    this.publish();
    this.wheel.schedule(this, this.beatAfter(this.anchor));
  }

  /** The peer's own traffic (a message, a ping): evidence now; the next beat moves on lazily. */
  heard(now = Date.now()): void {
    if (now <= this.anchor) return;
    this.anchor = now;
    this.probes = 0;
    this.watch.heard(now);
  }

  /** One extra ping now, outside the schedule (its answer is evidence like any other). */
  probe(now = Date.now()): void {
    if (!this.watch.finished) this.send(now);
  }

  run(now: number, lateMs: number): void {
    if (this.watch.finished) return;
    // A late wake-up means this process was stalled; an answer may wait unread in a socket
    // buffer, so judge after this turn's I/O.
    if (lateMs > STALL_MS) setImmediate(() => this.step(Date.now(), lateMs));
    else this.step(now, lateMs);
  }

  /** The figures the deadline is made of, from what the link taught so far. */
  plan(): { beatAt: number; waitMs: number; probeEveryMs: number; chances: number; deadAt: number } {
    const { heartbeat, probe } = this.opts;
    const srtt = this.estimate.srttMs ?? 0;
    const waitMs = clamp(
      Math.ceil(srtt + 4 * this.estimate.rttVarMs) + 10,
      probe.waitMinMs,
      heartbeat.suspectAfterMs - heartbeat.intervalMs,
    );
    const probeEveryMs = Math.max(probe.everyMinMs, waitMs);
    const beatAt = this.beatAfter(this.anchor);
    const room = this.anchor + this.timeout() - (beatAt + waitMs);
    const chances = chancesFor({
      roundTripLoss: this.estimate.roundTripLoss(),
      beatsPerHour: 3_600_000 / this.interval(),
      falseDeadPerHour: probe.falseDeadPerHour,
      min: probe.minChances,
      max: Math.max(0, Math.floor(room / probeEveryMs)),
    });
    const deadAt = Math.min(this.anchor + this.timeout(), beatAt + waitMs + chances * probeEveryMs);
    return { beatAt, waitMs, probeEveryMs, chances, deadAt };
  }

  private step(now: number, lateMs = 0): void {
    if (this.watch.finished) return;
    const p = this.plan();
    if (now >= p.deadAt) {
      // This process was stalled longer than a probe spacing: its probes could not go out, so
      // the silence says nothing about the peer. Once per silence, start the probes afresh.
      if (lateMs > p.probeEveryMs && this.pardonedAt !== this.anchor) {
        this.pardonedAt = this.anchor;
        this.probes = 0;
      }
      // Too few probes went out (timers ran late): probe now, judge once enough had their time.
      if (this.probes < p.chances) {
        this.watch.suspect(`no answer ${now - p.beatAt} ms after the beat`);
        this.missed = true;
        this.probes++;
        this.send(now);
        return this.wheel.schedule(this, now + p.probeEveryMs);
      }
      // The peer's kernel ACKed one of the last probes: the host is there, its application slow.
      const ackAt = this.pinger.lastKernelAckAt?.() ?? null;
      // An idle receiver may hold its ACK for up to 200 ms (delayed ACK), so "recent" is at
      // least that; it must still be after the unanswered beat left.
      const recent = Math.max(p.beatAt, now - Math.max(KERNEL_ACK_WINDOW_MS, p.waitMs + p.probeEveryMs));
      const hostAnswers = ackAt !== null && ackAt >= recent;
      if (hostAnswers && now - this.anchor < this.appStallMs) {
        this.watch.suspect(`application silent ${now - this.anchor} ms, its kernel answers`);
        this.probes++;
        this.send(now);
        return this.wheel.schedule(this, now + p.probeEveryMs);
      }
      // The user's own budget: no verdict before that much silence, counting the kernel's ACKs
      // as a sign of life (a glitch the user allows for must not cost the session).
      const evidence = Math.max(this.anchor, ackAt ?? 0);
      if (!hostAnswers && now < evidence + this.opts.deadFloorMs) {
        this.watch.suspect(`no answer ${now - p.beatAt} ms after the beat`);
        this.probes++;
        this.send(now);
        return this.wheel.schedule(this, Math.min(now + p.probeEveryMs, evidence + this.opts.deadFloorMs));
      }
      const learned = `wait ${p.waitMs} ms, ${p.chances} x ${p.probeEveryMs} ms, loss ${this.estimate.roundTripLoss().toFixed(3)}`;
      // Suspect always comes first, even when the budget left no room for probes.
      this.watch.suspect(`no answer ${now - p.beatAt} ms after the beat`);
      return this.watch.fail(
        'heartbeat-timeout',
        `silent ${now - this.anchor} ms, ${this.probes} probes unanswered (${learned})`,
      );
    }
    if (now >= p.beatAt + p.waitMs) {
      this.watch.suspect(`no answer ${now - p.beatAt} ms after the beat`);
      this.missed = true;
      this.probes++;
      this.send(now);
      return this.wheel.schedule(this, Math.min(now + p.probeEveryMs, p.deadAt));
    }
    if (now >= p.beatAt) {
      if (this.lastPingAt < p.beatAt) this.send(now);
      return this.wheel.schedule(this, p.beatAt + p.waitMs);
    }
    this.wheel.schedule(this, p.beatAt);
  }

  private send(now: number): void {
    this.seq = (this.seq + 1) % 1_000_000;
    if (!this.pinger.ping(this.seq)) return;
    this.lastPingAt = now;
    this.sentAt.set(this.seq, now);
    if (this.sentAt.size > 32) this.sentAt.delete(this.sentAt.keys().next().value!);
  }

  private publish(): void {
    this.watch.setLink(this.estimate.packetLoss(), this.plan().deadAt - this.anchor);
  }

  private grid(): number {
    return Math.max(1, Math.floor(this.opts.heartbeat.intervalMs / 5));
  }

  /** One interval after `anchor`, rounded down to the grid: never later, at most a grid step early. */
  private beatAfter(anchor: number): number {
    const g = this.grid();
    return Math.floor((anchor + this.interval()) / g) * g;
  }

  /** The interval now: stretched with the beats of a crowd past the budget (wheel.ts `pace`). */
  private interval(): number {
    return this.opts.heartbeat.intervalMs * (this.wheel.pace?.() ?? 1);
  }

  /** The deadline after the anchor, moved by as much as the interval was stretched. */
  private timeout(): number {
    return this.opts.heartbeat.timeoutMs + this.interval() - this.opts.heartbeat.intervalMs;
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));
