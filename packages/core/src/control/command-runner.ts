import { randomUUID } from 'node:crypto';
import { PulseboardError } from '../errors.js';
import type { Logger } from '../log.js';
import type { LineSpec, LineValue } from '../hardware/board.js';
import type { BoardDriver } from '../hardware/driver.js';
import type { AuditAction, AuditEntry } from '../store/audit.js';
import { systemActor, type Actor } from './actor.js';
import { pulse, toPulseboardError, writeAndReadBack } from './apply.js';
import { CommandLifecycle, outcomeOf, type WriteResult } from './command-lifecycle.js';
import type { CommandQueue } from './command-queue.js';
import type { ControllerEvents, OperationEvent, OperationResult } from './events.js';
import type { FailsafeTracker } from './failsafe.js';
import type { LineState, LineStateTable } from './line-state.js';

// One command through its lifecycle (command-lifecycle.ts): queue -> driver write + read-back
// -> confirmed | failed | unknown -> audit row (committed) -> events. The controller decides
// who may ask; this decides what happened and says it once.

export interface CommandSpec {
  actor: Actor;
  line: LineSpec;
  value: LineValue;
  action: AuditAction;
  front?: boolean;
  requestedAt: number;
  detail?: Record<string, unknown>;
}

/** An audit row as the controller's record() takes it (the actor stands for user, session, remote). */
export type AuditRow = Omit<AuditEntry, 'user' | 'sessionId' | 'remote' | 'completedAt'> & {
  actor: Actor;
  completedAt?: number;
};

/** What a command needs from the controller. */
export interface CommandRunnerDeps {
  driver: BoardDriver;
  queue: CommandQueue;
  lines: LineStateTable;
  failsafe: FailsafeTracker;
  /** Appends one row; resolves null when committed, or the STORE_ERROR that kept it off the disk. */
  record(row: AuditRow): Promise<PulseboardError | null>;
  emit<K extends keyof ControllerEvents>(event: K, ...args: ControllerEvents[K]): void;
  now(): number;
  log: Logger;
  timeoutMs: number;
  holdMs: number;
  /** A command was confirmed after it had gone unknown (its session may have died meanwhile). */
  appliedLate(sessionId: string): void;
}

/** One command on its way: the request, its lifecycle, and the value the line should end at. */
interface Command {
  spec: CommandSpec;
  op: Omit<OperationEvent, 'status'>;
  life: CommandLifecycle;
  /** What the line should read when the command is done (0 after a pulse). */
  wanted: LineValue;
  oldValue: LineValue | null;
}

export class CommandRunner {
  constructor(private readonly d: CommandRunnerDeps) {}

  run(spec: CommandSpec): Promise<OperationResult> {
    const { actor, line, value, action } = spec;
    const id = randomUUID();
    const pulseMs = action === 'pulse' ? (line.pulseMs ?? 0) : 0;
    const op = {
      id,
      line: line.name,
      value,
      actor: { user: actor.user, sessionId: actor.sessionId, role: actor.role },
      requestedAt: spec.requestedAt,
    };
    // The value this command replaces: re-read when it starts, after the commands queued before it.
    const c: Command = {
      spec,
      op,
      life: new CommandLifecycle(id),
      wanted: pulseMs ? 0 : value,
      oldValue: null,
    };
    c.oldValue = this.d.lines.get(line.name)?.value ?? null;
    this.d.emit('state', this.d.lines.begin(line.name, id, value));
    this.d.emit('operation', { ...op, status: 'pending' });

    // The hardware's answer, kept apart from the queue's verdict so one that comes late is still heard.
    let write: Promise<WriteResult> | undefined;
    const run = async (): Promise<void> => {
      c.oldValue = this.d.lines.get(line.name)?.value ?? null;
      write = pulseMs
        ? pulse(this.d.driver, line.name, pulseMs, (on) => {
            if (on.ok && on.readBack !== 0) this.d.emit('state', this.holds(line, 1, actor));
          })
        : writeAndReadBack(this.d.driver, line.name, value);
      await write;
    };
    const timeoutMs = pulseMs ? 2 * this.d.timeoutMs + pulseMs : this.d.timeoutMs;
    const onTimeout = (): void => {
      const at = this.d.now();
      c.life.to('unknown', at);
      const { code, message } = unknownError(line.name, timeoutMs);
      this.d.emit('state', this.d.lines.markUnknown(line.name, id, value, at));
      this.d.emit('operation', { ...op, status: 'unknown', timedOutAt: at, error: { code, message } });
    };
    const done = this.d.queue
      .enqueue(line.name, run, {
        timeoutMs,
        holdMs: this.d.holdMs,
        onTimeout,
        front: spec.front,
        owner: actor.sessionId,
        // Taking a lock cancels other users' queued commands; the system's are never cancelled.
        ...(actor === systemActor ? {} : { user: actor.user }),
      })
      .then(
        async () => this.finish(c, await write!),
        async (err: unknown): Promise<never> => {
          if (c.life.status === 'unknown' && write) {
            // Still no answer after the hold: the outcome stays unknown (one row says so) and
            // the hardware's answer, whenever it comes, settles it then.
            void write
              .then((result) => this.finish(c, result))
              .catch((e: unknown) => this.d.log.warn({ line: line.name, err: String(e) }, 'late outcome'));
            const error = unknownError(line.name, timeoutMs);
            await this.d.record(this.row(c, 'unknown', error.code, { outcome: 'unknown' }));
            this.d.log.warn({ line: line.name, value, user: actor.user }, 'command outcome unknown');
            throw error;
          }
          return this.fail(c, toPulseboardError(err), null); // never ran (cancelled): line untouched
        },
      );
    return done;
  }

  /** The hardware answered (in time or late): the read-back decides, and everyone hears it once. */
  private async finish(c: Command, result: WriteResult): Promise<OperationResult> {
    const { spec, op, life } = c;
    const outcome = outcomeOf(op.line, c.wanted, result);
    if (outcome.status === 'failed') return this.fail(c, outcome.error, result.readBack);
    const at = this.d.now();
    const late = life.status === 'unknown';
    const lateFacts = late ? { late: true, timedOutAt: life.timedOutAt ?? at } : {};
    // The hardware holds the value now: the in-memory truth (and the failsafe tracker) follows
    // at once, so a command queued behind this one reads the right old value while this one's
    // audit row is being committed.
    this.holds(spec.line, outcome.value, spec.actor, late);
    const auditError = await this.d.record({ ...this.row(c, 'confirmed', null, lateFacts), completedAt: at });
    // No durable record of an operator's command: it fails with STORE_ERROR (the value stays
    // confirmed, since the hardware did change). A safe-state command by the system stays
    // confirmed: reporting a safe line as failed would be the more dangerous lie.
    if (auditError && spec.actor !== systemActor) {
      life.to('failed', at);
      this.emitFailed(op, auditError, { settledAt: this.d.now(), completedAt: at });
      throw auditError;
    }
    life.to('confirmed', at);
    // The row is on disk; now one state event carries the new value and the cleared pending flag.
    this.d.emit('state', this.d.lines.settle(op.line, op.id));
    this.d.emit('operation', { ...op, status: 'confirmed', completedAt: at, ...lateFacts });
    if (late) this.d.appliedLate(spec.actor.sessionId);
    return {
      id: op.id,
      line: op.line,
      value: op.value,
      requestedAt: op.requestedAt,
      confirmedAt: at,
      durationMs: at - op.requestedAt,
      ...lateFacts,
    };
  }

  /** A command that did not take: one row, one `failed`, the line shows what it reads. */
  private async fail(c: Command, error: PulseboardError, readBack: LineValue | null): Promise<never> {
    const { op, life } = c;
    const at = this.d.now();
    const late = life.status === 'unknown';
    life.to('failed', at);
    if (readBack !== null) {
      const mismatch = error.code === 'READBACK_MISMATCH' ? c.wanted : null;
      this.d.lines.readBack(op.line, readBack, mismatch, at);
    }
    const facts = {
      ...(late ? { late: true, timedOutAt: life.timedOutAt ?? at } : {}),
      ...(readBack !== null ? { readBack } : {}),
    };
    await this.d.record({ ...this.row(c, 'failed', error.code, facts), completedAt: at });
    this.d.log.warn(
      { line: op.line, value: op.value, user: op.actor.user, code: error.code, err: error.message },
      'command failed',
    );
    this.emitFailed(op, error, { settledAt: at, completedAt: at }, facts);
    throw error;
  }

  private row(
    c: Command,
    result: 'confirmed' | 'failed' | 'unknown',
    error: string | null,
    facts: Record<string, unknown>,
  ): AuditRow {
    const { spec, op } = c;
    const extra = Object.keys(facts).length ? { commandId: op.id, ...facts } : {};
    const detail = spec.detail || Object.keys(extra).length ? { ...spec.detail, ...extra } : undefined;
    return {
      actor: spec.actor,
      line: op.line,
      action: spec.action,
      oldValue: c.oldValue,
      newValue: op.value,
      result,
      ...(error ? { error } : {}),
      requestedAt: op.requestedAt,
      ...(detail ? { detail } : {}),
    };
  }

  /** The line holds `value`, caused by `actor`: the failsafe tracker and the line state follow. */
  private holds(line: LineSpec, value: LineValue, actor: Actor, late = false): LineState {
    this.d.failsafe.confirmed(line, value, actor === systemActor ? null : actor);
    const by = { user: actor.user, sessionId: actor.sessionId, at: this.d.now(), ...(late ? { late } : {}) };
    return this.d.lines.confirm(line.name, value, by);
  }

  /** A command that did not confirm: the line settles with the fault, everyone sees it failed. */
  private emitFailed(
    op: { id: string; line: string; value: LineValue; actor: OperationEvent['actor']; requestedAt: number },
    error: PulseboardError,
    at: { settledAt: number; completedAt: number },
    facts: { late?: boolean; timedOutAt?: number; readBack?: LineValue } = {},
  ): void {
    const { code, message } = error;
    this.d.emit('state', this.d.lines.settle(op.line, op.id, { code, message, at: at.settledAt }));
    this.d.emit('operation', {
      ...op,
      status: 'failed',
      completedAt: at.completedAt,
      error: { code, message },
      ...(facts.late ? { late: true, timedOutAt: facts.timedOutAt } : {}),
      ...(facts.readBack !== undefined ? { readBack: facts.readBack } : {}),
    });
  }
}

function unknownError(line: string, timeoutMs: number): PulseboardError {
  return new PulseboardError(
    'COMMAND_TIMEOUT',
    `No confirmation from ${line} within ${timeoutMs} ms: outcome unknown until the hardware answers`,
    { line, timeoutMs, outcome: 'unknown' },
  );
}
