import { PulseboardError } from '../errors.js';

// Commands to one line run in order, one at a time; different lines run in parallel. A command
// that outlives its timeout is told so (`onTimeout`: its outcome is now unknown) and keeps the
// line for `holdMs` more, so a slow write that lands late cannot overtake the next command; after
// that it fails with COMMAND_TIMEOUT and the line moves on, so one wedged write can never hold
// back a later safe-state command for ever.

export interface EnqueueOptions {
  timeoutMs: number;
  /** After the timeout, how long the command keeps the line waiting for its write to settle. */
  holdMs?: number;
  /** Called once when the timeout passes with the command still running. */
  onTimeout?: () => void;
  /** Put this command before every queued (not yet started) one; for safe-state commands. */
  front?: boolean;
  /** Who asked (a session id), so a dead session's queued commands can be cancelled. */
  owner?: string;
  /** The user who asked, so taking a lock can cancel other users' queued commands. */
  user?: string;
}

interface Job {
  run: () => Promise<void>;
  timeoutMs: number;
  holdMs: number;
  onTimeout: (() => void) | undefined;
  owner: string | undefined;
  user: string | undefined;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class CommandQueue {
  private queues = new Map<string, Job[]>();
  private running = new Set<string>();
  private idleWaiters: Array<() => void> = [];

  /** Runs `run` when every earlier command on `line` has settled; settles with it. */
  enqueue(line: string, run: () => Promise<void>, options: EnqueueOptions): Promise<void> {
    if (!(options.timeoutMs > 0)) throw new TypeError('CommandQueue: timeoutMs must be > 0');
    const holdMs = options.holdMs ?? 0;
    if (!(holdMs >= 0)) throw new TypeError('CommandQueue: holdMs must be >= 0');
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(line) ?? [];
      this.queues.set(line, queue);
      const job: Job = {
        run,
        timeoutMs: options.timeoutMs,
        holdMs,
        onTimeout: options.onTimeout,
        owner: options.owner,
        user: options.user,
        resolve,
        reject,
      };
      if (options.front) queue.unshift(job);
      else queue.push(job);
      this.pump(line);
    });
  }

  /** Fails queued (not yet started) commands on `line` (all, or those of `owner`) with COMMAND_CANCELLED. */
  cancelQueued(line: string, reason: string, owner?: string): number {
    const queue = this.queues.get(line) ?? [];
    const cancelled = owner === undefined ? queue.splice(0) : extract(queue, (job) => job.owner === owner);
    for (const job of cancelled) job.reject(new PulseboardError('COMMAND_CANCELLED', reason, { line }));
    return cancelled.length;
  }

  /** Fails queued commands on `line` of users other than `user` (a lock was taken) with `error`. */
  cancelOthers(line: string, user: string, error: PulseboardError): number {
    const queue = this.queues.get(line) ?? [];
    const cancelled = extract(queue, (job) => job.user !== undefined && job.user !== user);
    for (const job of cancelled) job.reject(error);
    return cancelled.length;
  }

  /** Commands waiting (not started) on `line`. */
  queued(line: string): number {
    return this.queues.get(line)?.length ?? 0;
  }

  isBusy(line: string): boolean {
    return this.running.has(line);
  }

  /** Resolves when no line has a running or queued command. */
  idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(line: string): void {
    if (this.running.has(line)) return;
    const job = this.queues.get(line)?.shift();
    if (!job) {
      this.queues.delete(line);
      if (this.running.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      return;
    }
    this.running.add(line);
    void this.execute(job, line).finally(() => {
      this.running.delete(line);
      this.pump(line);
    });
  }

  private async execute(job: Job, line: string): Promise<void> {
    const timers: NodeJS.Timeout[] = [];
    const timeoutError = () =>
      new PulseboardError('COMMAND_TIMEOUT', `No confirmation from ${line} within ${job.timeoutMs} ms`, {
        line,
        timeoutMs: job.timeoutMs,
      });
    const timeout = new Promise<never>((_, reject) => {
      timers.push(
        setTimeout(() => {
          job.onTimeout?.();
          if (job.holdMs === 0) reject(timeoutError());
          else timers.push(setTimeout(() => reject(timeoutError()), job.holdMs));
        }, job.timeoutMs),
      );
    });
    try {
      await Promise.race([Promise.resolve().then(job.run), timeout]);
      job.resolve();
    } catch (err) {
      job.reject(err);
    } finally {
      for (const t of timers) clearTimeout(t);
    }
  }
}

function extract<T>(items: T[], pred: (item: T) => boolean): T[] {
  const out = items.filter(pred);
  const keep = items.filter((item) => !pred(item));
  items.splice(0, items.length, ...keep);
  return out;
}
