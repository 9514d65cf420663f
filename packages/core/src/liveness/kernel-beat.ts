import type { Socket } from 'node:net';
import { setUserTimeout } from '../net/probe-now.js';
import { readTcpInfo } from '../net/tcp-info.js';
import type { LivenessTracker } from './tracker.js';
import { sharedBeatClock, type BeatClock, type BeatClockOptions } from './beat-clock.js';
import { WriteBeat } from './write-beat.js';

/**
 * Below this lead of the kernel's verdict over the suspect window, suspicion would come only a
 * moment before the verdict: not worth a TCP_INFO read per beat (lan-fast: 230 - 100 ms).
 */
const SUSPECT_LEAD_MIN_MS = 300;

export interface KernelBeatOptions extends BeatClockOptions {
  /** TCP_USER_TIMEOUT while nothing waits in Node's buffer: the verdict on an unanswered beat. */
  userTimeoutMs: number;
  /** TCP_USER_TIMEOUT while a backlog drains (a slow reader): the TCP budget. */
  budgetMs: number;
  /** A send unacknowledged this long makes the connection suspect (null: no such check). */
  suspectAfterMs?: number | null;
  /** Called when the beat made the connection suspect. */
  onSuspect?: () => void;
}

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
 * With a lenient verdict (a user timeout well past the suspect window, e.g. a user's 3 s budget),
 * a beat still unacknowledged `suspectAfterMs` after it left makes the connection suspect at once
 * (one TCP_INFO read per beat, only in that mode): the other users see the glitch when it starts,
 * not when the slow application ping next misses. `onSuspect` may then probe, so the answer
 * arrives as soon as the link heals.
 *
 * Every beat of the process rides one shared clock (beat-clock.ts): one wake-up per half
 * interval serves every idle connection, and a crowd past the beat budget beats less often.
 *
 * While data waits in Node's buffer (the peer's window is closed: a slow reader), the kernel
 * would abort after userTimeoutMs of zero-window probes; the user timeout is raised to the TCP
 * budget until it drains, as for any other connection.
 */
export class KernelBeat extends WriteBeat {
  private relaxed = false;
  /** Tick at which the latest send is checked for its ACK (null: nothing to check). */
  private checkAt: number | null = null;
  /** Ticks a send may stay unacknowledged before the connection is suspect (0: no check). */
  private readonly suspectTicks: number;

  constructor(
    private readonly watch: LivenessTracker,
    socket: Socket,
    beat: () => void,
    private readonly o: KernelBeatOptions,
    clock: BeatClock = sharedBeatClock(o),
    /** How long ago the peer last ACKed, while data to it is unacknowledged (TCP_INFO); else null. */
    private readonly ackSilence: () => number | null = () => unackedSilence(socket),
  ) {
    super(socket, beat, clock);
    const window = o.suspectAfterMs ?? 0;
    this.suspectTicks =
      window > 0 && o.userTimeoutMs - window >= SUSPECT_LEAD_MIN_MS ? Math.ceil(window / clock.tickMs) : 0;
    setUserTimeout(socket, o.userTimeoutMs);
  }

  /**
   * The peer's own traffic: it was there (after the clock's latest tick), so the next beat is
   * due an interval later; a vanished peer is still found within interval + userTimeoutMs.
   */
  heard(): void {
    this.lastSendTick = this.clock.n;
    this.checkAt = null;
  }

  /** The longest gap between two frames to this peer, however large the crowd. */
  get maxEveryMs(): number {
    return this.clock.maxEveryMs();
  }

  protected override over(): boolean {
    return this.watch.finished || this.socket.destroyed;
  }

  protected override ticked(n: number, backlog: boolean): void {
    if (backlog !== this.relaxed) {
      this.relaxed = backlog;
      setUserTimeout(this.socket, backlog ? this.o.budgetMs : this.o.userTimeoutMs);
    }
    if (this.checkAt !== null && n >= this.checkAt) this.check();
  }

  protected override sent(tick: number): void {
    super.sent(tick);
    if (this.suspectTicks > 0 && this.checkAt === null) this.checkAt = tick + this.suspectTicks;
  }

  /** A send `suspectTicks` old: still unacknowledged means the peer fell silent since. */
  private check(): void {
    this.checkAt = null;
    if (this.watch.state !== 'alive') return;
    // A stream always has data in flight: only silence of the peer's ACKs is suspicious.
    const silentMs = this.ackSilence();
    if (silentMs === null || silentMs < (this.o.suspectAfterMs ?? 0)) return;
    this.watch.suspect(`no ACK for ${silentMs} ms with data in flight`);
    this.o.onSuspect?.();
  }
}

function unackedSilence(socket: Socket): number | null {
  const info = readTcpInfo(socket);
  return info && info.unacked > 0 ? info.lastAckRecvMs : null;
}
