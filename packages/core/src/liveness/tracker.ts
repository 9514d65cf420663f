import { EventEmitter } from 'node:events';
import type { DeathCause, LivenessEvents, LivenessSnapshot, LivenessState } from './types.js';

/** A silence timer firing this much late is taken as a stall of this process. */
const STALL_MS = 20;

export interface TrackerOptions {
  /** Silence (no heard()) after which the connection turns suspect; null = no silence rule. */
  suspectAfterMs?: number | null;
  /** Silence after which it is dead with `heartbeat-timeout`; null = no silence rule. */
  deadAfterMs?: number | null;
}

/**
 * The per-connection state machine, free of sockets. `heard()` is cheap (it stores a number):
 * silence timers are lazy, they fire at lastHeardAt + limit and re-arm if the peer was heard
 * meanwhile, so a chatty connection costs no timer churn. `dead` is emitted exactly once and
 * nothing is emitted after it or after close().
 */
export class LivenessTracker extends EventEmitter<LivenessEvents> {
  private current: LivenessState = 'alive';
  private readonly since: number;
  private lastHeardAt: number;
  /** When silence caused by our own stall was last excused (see addSilenceRule). */
  private pardonedAt = 0;
  private suspectAt: number | null = null;
  private detectedAt: number | null = null;
  private cause: DeathCause | null = null;
  private detail: string | null = null;
  private rttMs: number | null = null;
  private loss: number | null = null;
  private deadlineMs: number | null = null;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly cleanups: (() => void)[] = [];
  private readonly rules: { timer: NodeJS.Timeout | null; arm: () => void }[] = [];

  constructor(options: TrackerOptions = {}) {
    super();
    this.since = Date.now();
    this.lastHeardAt = this.since;
    if (options.suspectAfterMs != null) {
      this.addSilenceRule(options.suspectAfterMs, (ms) => this.suspect(`silent ${ms} ms`));
    }
    if (options.deadAfterMs != null) {
      this.addSilenceRule(options.deadAfterMs, (ms) => this.fail('heartbeat-timeout', `silent ${ms} ms`));
    }
  }

  get state(): LivenessState {
    return this.current;
  }

  /** True once dead or closed: nothing more will happen. */
  get finished(): boolean {
    return this.closed || this.current === 'dead';
  }

  /** Evidence the peer is there. `at` may be in the past (e.g. from TCP_INFO's last ACK). */
  heard(at: number = Date.now()): void {
    if (this.finished || at <= this.lastHeardAt) return;
    this.lastHeardAt = at;
    for (const rule of this.rules) rule.arm();
    if (this.current === 'suspect') {
      this.current = 'alive';
      this.emit('alive', this.snapshot());
    }
  }

  suspect(detail: string): void {
    if (this.finished || this.current === 'suspect') return;
    this.current = 'suspect';
    this.suspectAt = Date.now();
    this.detail = detail;
    this.emit('suspect', this.snapshot());
  }

  /** Declares the peer dead; `detectedAt` defaults to now (earlier when the evidence was). */
  fail(cause: DeathCause, detail: string, detectedAt: number = Date.now()): void {
    if (this.finished) return;
    this.current = 'dead';
    this.cause = cause;
    this.detail = detail;
    this.detectedAt = detectedAt;
    this.stopAll();
    this.emit('dead', this.snapshot());
  }

  setRtt(ms: number): void {
    this.rttMs = ms;
  }

  /** Learned figures for snapshots (presence, /metrics). */
  setLink(loss: number, deadlineMs: number | null): void {
    this.loss = loss;
    this.deadlineMs = deadlineMs;
  }

  /** Registers a teardown (listeners, timers) run once on dead or close(). */
  onFinish(fn: () => void): void {
    if (this.finished) fn();
    else this.cleanups.push(fn);
  }

  /** Stop watching without declaring anything (the server closed the connection itself). */
  close(): void {
    if (this.finished) return;
    this.closed = true;
    this.stopAll();
  }

  snapshot(): LivenessSnapshot {
    return {
      state: this.current,
      cause: this.cause,
      detail: this.detail,
      since: this.since,
      lastHeardAt: this.lastHeardAt,
      suspectAt: this.suspectAt,
      detectedAt: this.detectedAt,
      rttMs: this.rttMs,
      loss: this.loss,
      deadlineMs: this.deadlineMs,
    };
  }

  // A silence rule owns one timer, armed for lastHeardAt + limit. When it fires early (the peer
  // was heard meanwhile) it re-arms; when the limit really passed it acts and stays idle until
  // heard() re-arms it.
  private addSilenceRule(limitMs: number, onSilent: (silentMs: number) => void): void {
    const rule = { timer: null as NodeJS.Timeout | null, arm: () => {} };
    let dueAt = 0;
    const judge = (lateMs: number) => {
      if (this.finished) return;
      const silent = Date.now() - this.silenceStart();
      if (silent < limitMs) return rule.arm();
      // Stalled for over half the window: our own heartbeats could not go out, so the silence
      // says nothing about the peer. Excuse it once per silence (a busy machine cannot postpone
      // a verdict forever) and give the peer a fresh window from now.
      if (lateMs > limitMs / 2 && this.pardonedAt <= this.lastHeardAt) {
        this.pardonedAt = Date.now();
        for (const r of this.rules) r.arm();
        return rule.arm();
      }
      onSilent(silent);
    };
    const check = () => {
      if (rule.timer) this.timers.delete(rule.timer);
      rule.timer = null;
      if (this.finished) return;
      // A timer that fires late means this process was stalled (a busy machine); timers run
      // before I/O in an event-loop turn, so the answer may already wait in a socket buffer.
      // Judge after this turn's I/O has been read.
      const lateMs = Date.now() - dueAt;
      if (lateMs > STALL_MS) setImmediate(judge, lateMs);
      else judge(0);
    };
    rule.arm = () => {
      if (rule.timer || this.finished) return;
      dueAt = this.silenceStart() + limitMs;
      rule.timer = setTimeout(check, Math.max(0, dueAt - Date.now()));
      rule.timer.unref();
      this.timers.add(rule.timer);
    };
    this.rules.push(rule);
    rule.arm();
  }

  private silenceStart(): number {
    return Math.max(this.lastHeardAt, this.pardonedAt);
  }

  private stopAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const fn of this.cleanups.splice(0)) {
      try {
        fn();
      } catch {
        // teardown must not stop the others
      }
    }
  }
}
