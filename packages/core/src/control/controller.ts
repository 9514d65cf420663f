// The facade the server uses: operations go actor -> checks -> queue -> driver write + read-back
// -> confirmed | failed | unknown (command-runner.ts, the operation lifecycle) -> audit row
// (audit-recorder.ts; awaited: committed to disk) -> events. Nothing here knows about HTTP or
// WebSockets. Over 400 lines on purpose: this is the one facade (operate, locks, failsafe,
// sessions, all-safe) and its admission checks; each part with a concept of its own (the
// lifecycle, the audit rows, the queue, the lock table, the failsafe) lives in its own module.

import { EventEmitter } from 'node:events';
import { PulseboardError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { findLine, type Board, type LineSpec, type LineValue } from '../hardware/board.js';
import type { BoardDriver, InputEdge, LineFault } from '../hardware/driver.js';
import {
  openAuditStore,
  type AuditAction,
  type AuditFilter,
  type AuditRecord,
  type AuditStore,
} from '../store/audit.js';
import { auditToCsv } from '../store/csv.js';
import { systemActor, type Actor } from './actor.js';
import { AuditRecorder } from './audit-recorder.js';
import { CommandQueue } from './command-queue.js';
import { DenialCoalescer } from './denial-audit.js';
import { RateByKey } from './user-rate.js';
import { CommandRunner, type AuditRow, type CommandSpec } from './command-runner.js';
import { FailsafeTracker } from './failsafe.js';
import { LineStateTable } from './line-state.js';
import { LockTable, type LockChange, type LockInfo } from './lock.js';
import type {
  AllSafeReport,
  BoardState,
  ControllerEvents,
  FailsafeReport,
  OperationResult,
} from './events.js';

export interface ControllerOptions {
  board: Board;
  driver: BoardDriver;
  /** Where the audit log goes; an in-memory store when omitted (tests, benchmarks). */
  store?: AuditStore;
  logger?: Logger;
  /** How long the hardware gets to acknowledge one write; after it the command is *unknown*. */
  commandTimeoutMs?: number;
  /** Commands one line may have waiting (not started); more are refused with QUEUE_FULL. */
  maxQueuedPerLine?: number;
  /** Operations one user may ask for: `perSec` sustained, `burst` at once (RATE_LIMITED). */
  operationRate?: { perSec: number; burst: number };
  /** Repeats of one refusal (user, line, error) within this window share one audit row. */
  denialWindowMs?: number;
  /**
   * How long an unknown command keeps its line, waiting for the hardware to settle it, before the
   * next command runs (default: commandTimeoutMs). Its answer still settles it when it comes later.
   */
  unknownHoldMs?: number;
  now?: () => number;
}

/** Longest line name accepted; anything longer cannot be a line and is not recorded. */
export const MAX_LINE_NAME = 64;

export type {
  AllSafeReport,
  BoardState,
  ControllerEvents,
  FailsafeReport,
  LockEvent,
  OperationEvent,
  OperationResult,
} from './events.js';

const defaults = {
  commandTimeoutMs: 2000,
  maxQueuedPerLine: 16,
  operationRate: { perSec: 10, burst: 20 },
  denialWindowMs: 10_000,
};

/** Dead sessions remembered so a command of theirs that lands late still meets the failsafe. */
const deadSessionMemory = 1000;

export class Controller extends EventEmitter<ControllerEvents> {
  readonly board: Board;
  /** Reads on the main thread's connection; they see every row whose operation has settled. */
  readonly audit: { query(filter?: AuditFilter): AuditRecord[]; csv(filter?: AuditFilter): string };
  private readonly driver: BoardDriver;
  private readonly store: AuditStore;
  private readonly ownsStore: boolean;
  private readonly log: Logger;
  private readonly deadSessions = new Map<string, { lastHeardAt: number; detectedAt: number }>();
  private readonly now: () => number;
  private readonly queue = new CommandQueue();
  private readonly lines: LineStateTable;
  private readonly lockTable: LockTable;
  private readonly failsafe = new FailsafeTracker();
  private readonly runner: CommandRunner;
  /** Commands per session that have started or are queued, so a dead session can be drained. */
  private readonly inFlight = new Map<string, Set<Promise<unknown>>>();
  private unsubscribeEdges: (() => void) | undefined;
  private unsubscribeFaults: (() => void) | undefined;
  /** Writes the audit rows (operations, refusals, lock changes) and knows which are pending. */
  private readonly recorder: AuditRecorder;
  private readonly maxQueuedPerLine: number;
  private readonly operationRate: RateByKey;
  private readonly denials: DenialCoalescer<AuditRow>;
  private closed = false;

  constructor(options: ControllerOptions) {
    super();
    const opts = { ...defaults, ...options };
    if (!(opts.commandTimeoutMs > 0)) throw new TypeError('createController: commandTimeoutMs must be > 0');
    this.board = opts.board;
    this.driver = opts.driver;
    this.ownsStore = !opts.store;
    this.store = opts.store ?? openAuditStore(':memory:');
    this.log = (opts.logger ?? silentLogger).child({ component: 'control' });
    const holdMs = opts.unknownHoldMs ?? opts.commandTimeoutMs;
    if (!(holdMs >= 0)) throw new TypeError('createController: unknownHoldMs must be >= 0');
    this.now = opts.now ?? Date.now;
    this.recorder = new AuditRecorder(this.store, this.now, this.log);
    this.lines = new LineStateTable(this.board);
    this.lockTable = new LockTable(this.now);
    this.maxQueuedPerLine = opts.maxQueuedPerLine;
    this.operationRate = new RateByKey(opts.operationRate.perSec, opts.operationRate.burst, this.now);
    this.denials = new DenialCoalescer<AuditRow>({
      windowMs: opts.denialWindowMs,
      now: this.now,
      kindOf: (e) => JSON.stringify([e.actor.user, e.line, e.action, e.error ?? null]),
      write: (e) => void this.recorder.record(e),
    });
    this.runner = new CommandRunner({
      driver: this.driver,
      queue: this.queue,
      lines: this.lines,
      failsafe: this.failsafe,
      record: (row) => this.recorder.record(row),
      emit: (event, ...args) => this.emit(event as keyof ControllerEvents, ...(args as never)),
      now: this.now,
      log: this.log,
      timeoutMs: opts.commandTimeoutMs,
      holdMs,
      appliedLate: (sessionId) => this.lateOnDeadSession(sessionId),
    });
    this.audit = {
      query: (filter) => this.store.query(filter),
      csv: (filter) => auditToCsv(this.store.query(filter)),
    };
  }

  /** Opens the driver and reads every line once, so the first state() is confirmed truth. */
  async start(): Promise<void> {
    await this.driver.open(this.board);
    this.unsubscribeEdges = this.driver.onEdge((edge) => this.onEdge(edge));
    this.unsubscribeFaults = this.driver.onFault?.((fault) => this.onFault(fault));
    for (const line of this.board.lines) {
      const value = await this.driver.read(line.name);
      this.lines.confirm(line.name, value, null);
    }
  }

  state(): BoardState {
    return {
      board: this.board.name,
      title: this.board.title ?? null,
      description: this.board.description ?? null,
      lines: this.lines.all(),
      locks: this.lockTable.list(),
    };
  }

  locks(): LockInfo[] {
    return this.lockTable.list();
  }

  async operate(actor: Actor, lineName: string, value: LineValue): Promise<OperationResult> {
    const requestedAt = this.now();
    const checked = this.authorize(actor, lineName, value, requestedAt);
    if ('denied' in checked) {
      await checked.stored; // the refusal is on disk before the caller hears about it
      throw checked.denied;
    }
    const { line } = checked;
    const action: AuditAction = line.pulseMs && value === 1 ? 'pulse' : 'operate';
    return this.command({ actor, line, value, action, requestedAt });
  }

  takeLock(actor: Actor, lines?: string[]): LockInfo {
    for (const name of lines ?? []) this.lineOrThrow(name);
    const { lock, changes } = this.lockTable.take(actor, lines);
    this.publishLockChanges(changes, actor);
    // Commands other users queued on these lines would run under the new holder's lock:
    // they end now, failed with LOCK_TAKEN (the one already running finishes).
    const taken = new PulseboardError('LOCK_TAKEN', `Cancelled: ${actor.user} took the control lock`, {
      by: actor.user,
    });
    for (const name of lock.lines === '*' ? this.board.lines.map((l) => l.name) : lock.lines) {
      this.queue.cancelOthers(name, actor.user, taken);
    }
    return lock;
  }

  releaseLock(actor: Actor, lockId?: string): void {
    this.publishLockChanges(this.lockTable.release(actor, lockId), actor);
  }

  /**
   * The session is dead (not merely suspect): its locks go, and every failsafe line it
   * switched away from safe returns to its safe value. `lastHeardAt` is when the client was
   * last heard from, so the report carries fault -> safe latency.
   */
  async sessionDied(
    sessionId: string,
    info: { lastHeardAt: number; detectedAt?: number; cause?: string },
  ): Promise<FailsafeReport[]> {
    const detectedAt = info.detectedAt ?? this.now();
    this.deadSessions.delete(sessionId);
    this.deadSessions.set(sessionId, { lastHeardAt: info.lastHeardAt, detectedAt });
    if (this.deadSessions.size > deadSessionMemory) {
      this.deadSessions.delete(this.deadSessions.keys().next().value!);
    }
    const changes = this.lockTable.sessionDied(sessionId);
    this.publishLockChanges(changes, { ...systemActor, remote: 'failsafe' }, { cause: info.cause });
    // A command the dead session already queued must not re-arm the line after the failsafe ran.
    for (const line of this.board.lines) this.queue.cancelQueued(line.name, 'session died', sessionId);
    await Promise.allSettled([...(this.inFlight.get(sessionId) ?? [])]);
    const armed = this.failsafe.armedBy(sessionId);
    return Promise.all(
      armed.map(async (a): Promise<FailsafeReport> => {
        const line = this.lineOrThrow(a.line);
        const base = {
          line: a.line,
          sessionId,
          user: a.user,
          safeValue: a.safeValue,
          lastHeardAt: info.lastHeardAt,
          detectedAt,
        };
        const detail = {
          deadSession: sessionId,
          deadUser: a.user,
          cause: info.cause,
          lastHeardAt: info.lastHeardAt,
          detectedAt,
        };
        let report: FailsafeReport;
        try {
          const r = await this.command({
            actor: systemActor,
            line,
            value: a.safeValue,
            action: 'failsafe',
            front: true,
            requestedAt: detectedAt,
            detail,
          });
          const safeAt = r.confirmedAt;
          report = {
            ...base,
            safeAt,
            faultToSafeMs: safeAt - info.lastHeardAt,
            detectToSafeMs: safeAt - detectedAt,
            result: 'confirmed',
          };
        } catch (err) {
          report = {
            ...base,
            safeAt: null,
            faultToSafeMs: null,
            detectToSafeMs: null,
            result: 'failed',
            error: String((err as Error).message),
          };
        }
        this.log.info({ ...report, cause: info.cause }, 'failsafe');
        this.emit('failsafe', report);
        return report;
      }),
    );
  }

  /**
   * `from` ended in order (an HTTP client closed a keep-alive connection, the server closed an
   * idle one) but its client carries on as `to` (the same user's other connection from that
   * address, or the user's durable REST session): `to` now holds its locks and answers for the
   * failsafe lines it armed, including commands of `from` still in flight. Nothing is driven safe.
   */
  sessionHandedOver(from: string, to: string): void {
    if (from === to) return;
    const locks = this.lockTable.handOver(from, to);
    this.failsafe.handOver(from, to);
    for (const p of this.inFlight.get(from) ?? []) this.track(to, p);
    const lines = this.failsafe.armedBy(to).map((a) => a.line);
    if (locks.length > 0 || lines.length > 0)
      this.log.info({ from, to, locks: locks.map((l) => l.id), lines }, 'session handed over');
  }

  /**
   * A session that died came back within its grace period (same resume token): it is live again,
   * so a command of it that lands late is its own again, not a dead session's to be failsafed.
   */
  sessionResumed(sessionId: string): void {
    this.deadSessions.delete(sessionId);
    this.failsafe.forgetHandOver(sessionId);
  }

  /** Every output to its safe value, ignoring locks and cancelling queued commands. */
  async allSafe(reason = 'all-safe'): Promise<AllSafeReport> {
    const requestedAt = this.now();
    const outputs = this.board.lines.filter((l) => l.direction === 'out');
    for (const line of outputs) this.queue.cancelQueued(line.name, reason);
    const lines = await Promise.all(
      outputs.map(async (line) => {
        try {
          await this.command({
            actor: systemActor,
            line,
            value: line.safeValue,
            action: 'all-safe',
            front: true,
            requestedAt,
            detail: { reason },
          });
          return { line: line.name, result: 'confirmed' as const };
        } catch (err) {
          return { line: line.name, result: 'failed' as const, error: String((err as Error).message) };
        }
      }),
    );
    this.log.info({ reason, lines }, 'all outputs to safe state');
    return { reason, lines };
  }

  /** Stops accepting commands, waits for running ones, closes the driver. Call allSafe() first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.idle();
    this.denials.close(); // the counts of refusals not yet written
    this.unsubscribeEdges?.();
    this.unsubscribeFaults?.();
    await this.driver.close();
    await this.recorder.drained();
    if (this.ownsStore) await this.store.close();
  }

  // Every refusal of a real line is audited too (a record of who tried what is half the point
  // of the log), repeats coalesced; a name that is no line is refused before anything is kept.
  private authorize(
    actor: Actor,
    lineName: string,
    value: LineValue,
    requestedAt: number,
  ): { line: LineSpec } | { denied: PulseboardError; stored: Promise<unknown> } {
    if (value !== 0 && value !== 1) throw new PulseboardError('BAD_REQUEST', 'value must be 0 or 1');
    if (typeof lineName !== 'string' || lineName.length > MAX_LINE_NAME) {
      throw new PulseboardError('BAD_REQUEST', `A line name has at most ${MAX_LINE_NAME} characters`);
    }
    const line = findLine(this.board, lineName);
    if (!line) throw new PulseboardError('LINE_UNKNOWN', undefined, { line: lineName });
    const deny = (err: PulseboardError) => {
      const entry: AuditRow = {
        actor,
        line: lineName,
        action: 'operate',
        oldValue: null,
        newValue: value,
        result: 'denied',
        error: err.code,
        requestedAt,
      };
      return {
        denied: err,
        stored: this.denials.admit(entry) ? this.recorder.record(entry) : Promise.resolve(),
      };
    };
    if (!this.operationRate.take(actor.user)) {
      return deny(new PulseboardError('RATE_LIMITED', 'Too many operations; slow down', { line: lineName }));
    }
    if (this.closed) return deny(new PulseboardError('DRIVER_ERROR', 'Controller is closed'));
    if (actor.role === 'viewer')
      return deny(new PulseboardError('FORBIDDEN_ROLE', 'Viewers cannot operate lines'));
    if (line.direction !== 'out')
      return deny(new PulseboardError('LINE_NOT_OUTPUT', undefined, { line: lineName }));
    const holder = this.lockTable.blocking(actor, lineName);
    if (holder)
      return deny(new PulseboardError('LOCK_HELD', `${holder.user} holds the control lock`, { holder }));
    const queued = this.queue.queued(lineName);
    if (queued >= this.maxQueuedPerLine) {
      return deny(
        new PulseboardError('QUEUE_FULL', undefined, { line: lineName, queued, max: this.maxQueuedPerLine }),
      );
    }
    return { line };
  }

  private command(spec: CommandSpec): Promise<OperationResult> {
    const done = this.runner.run(spec);
    this.track(spec.actor.sessionId, done);
    return done;
  }

  /** A command that settled on a dead session: the line went unsafe after its failsafe ran, so run it again. */
  private lateOnDeadSession(commandSession: string): void {
    const sessionId = this.failsafe.owner(commandSession);
    const dead = this.deadSessions.get(sessionId);
    if (!dead || this.failsafe.armedBy(sessionId).length === 0) return;
    this.sessionDied(sessionId, { ...dead, cause: 'late-acknowledgement' }).catch((err: unknown) =>
      this.log.error({ err: String(err), sessionId }, 'failsafe after a late acknowledgement failed'),
    );
  }

  private track(sessionId: string, p: Promise<unknown>): void {
    const set = this.inFlight.get(sessionId) ?? new Set();
    this.inFlight.set(sessionId, set);
    set.add(p);
    const untrack = (): void => {
      set.delete(p);
      if (set.size === 0) this.inFlight.delete(sessionId);
    };
    p.then(untrack, untrack);
  }

  private publishLockChanges(changes: LockChange[], actor: Actor, detail?: Record<string, unknown>): void {
    const at = this.now();
    for (const change of changes) {
      this.recorder.lockChange(change, actor, at, detail);
      this.emit('lock', { ...change, locks: this.lockTable.list() });
    }
  }

  private onEdge(edge: InputEdge): void {
    if (edge.missed > 0) this.log.warn({ line: edge.line, missed: edge.missed }, 'input events lost');
    this.emit('state', this.lines.confirm(edge.line, edge.value, null));
    this.emit('input', edge);
  }

  // Lines the driver lost on its own (chip unplugged): everyone sees them failed, value unknown.
  private onFault({ lines, error }: LineFault): void {
    this.log.error({ lines, code: error.code, err: error.message }, 'lines failed');
    const fault = { code: error.code, message: error.message, at: this.now() };
    for (const name of lines) this.emit('state', this.lines.fail(name, fault));
  }

  private lineOrThrow(name: string): LineSpec {
    const line = findLine(this.board, name);
    if (!line) throw new PulseboardError('LINE_UNKNOWN', undefined, { line: name });
    return line;
  }
}

export async function createController(options: ControllerOptions): Promise<Controller> {
  const controller = new Controller(options);
  await controller.start();
  return controller;
}
