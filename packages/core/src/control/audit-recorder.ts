import { PulseboardError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AuditAction, AuditStore } from '../store/audit.js';
import type { Actor } from './actor.js';
import type { AuditRow } from './command-runner.js';
import type { LockChange } from './events.js';

// The audit side of the controller: one row per operation outcome (command-runner.ts, which
// owns the operation lifecycle), per refusal (denial-audit.ts coalesces repeats) and per lock
// change. The controller decides what happened; this writes it down and knows what is pending.

export class AuditRecorder {
  /** Appends not yet committed (or failed). */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly store: AuditStore,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  /**
   * Appends one audit row; resolves when it is committed (null) or with the STORE_ERROR that
   * kept it off the disk. Never rejects: losing a row must be loud (logged), but must not stop
   * a safe-state command, and each caller decides what a missing row means for its operation.
   */
  record(e: AuditRow): Promise<PulseboardError | null> {
    const { actor, ...rest } = e;
    let appended: Promise<unknown>;
    try {
      appended = this.store.append({
        user: actor.user,
        sessionId: actor.sessionId,
        remote: actor.remote,
        completedAt: this.now(),
        ...rest,
      });
    } catch (err) {
      appended = Promise.reject(err);
    }
    const done = appended.then(
      () => null,
      (err: unknown) => {
        const error =
          err instanceof PulseboardError
            ? err
            : new PulseboardError(
                'STORE_ERROR',
                `audit: ${err instanceof Error ? err.message : String(err)}`,
              );
        this.log.error({ err: error.message, code: error.code, entry: rest }, 'audit append failed');
        return error;
      },
    );
    this.pending.add(done);
    void done.then(() => this.pending.delete(done));
    return done;
  }

  /**
   * The row of one lock change, committed in the background (in order with every other row; a
   * failure is logged by record()): takeLock/releaseLock stay synchronous.
   */
  lockChange(change: LockChange, actor: Actor, at: number, detail?: Record<string, unknown>): void {
    const action: AuditAction =
      change.type === 'taken' ? 'lock' : change.type === 'takeover' ? 'takeover' : 'unlock';
    const { lock } = change;
    void this.record({
      actor,
      action,
      line: lock.lines === '*' ? null : lock.lines.join(' '),
      oldValue: null,
      newValue: null,
      result: 'ok',
      requestedAt: at,
      detail: {
        type: change.type,
        lockId: lock.id,
        holder: lock.user,
        holderSession: lock.sessionId,
        lines: lock.lines,
        ...detail,
      },
    });
  }

  /** Resolves once every row asked for so far is committed or failed (close() waits for it). */
  async drained(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
