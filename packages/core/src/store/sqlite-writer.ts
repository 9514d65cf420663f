import type { Worker } from 'node:worker_threads';
import { PulseboardError } from '../errors.js';
import { startWorker } from '../worker/start-worker.js';
import type { SqliteDatabase, StorageSync } from './sqlite.js';

// Durable writes off the event loop. A commit with synchronous=FULL waits for fsync, which on
// an SD card can take tens or hundreds of milliseconds; run on the server's thread, that stall
// delays every broadcast and WebSocket heartbeat. So the write connection lives in a worker
// thread and the main thread only posts records and awaits the answer:
// - write() resolves only after the worker's transaction committed (WAL fsynced), so the
//   resolution is still the acknowledgement "this record survives kill -9 and power loss".
// - Group commit: records that arrive while a commit is in flight wait and go together in the
//   next transaction — one fsync for the whole group, in arrival order, each resolved with its
//   own rowid. Durability is the same; throughput under load is higher.
// - Failures never hang: a worker error (disk full, corrupt file, a constraint) rejects the
//   affected writes with STORE_ERROR; a write not committed within `timeoutMs` rejects with
//   STORE_ERROR too; a dead worker fails everything pending and every later write.

/** One statement of a record: `stmt` names an entry of the writer's `statements`. */
export interface WriteStep {
  stmt: string;
  params: unknown[] | Record<string, unknown>;
}

export interface WriterSetup {
  path: string;
  /** name -> SQL, prepared once by the worker. */
  statements: Record<string, string>;
  /** When a commit counts as done (default 'full': WAL fsynced). */
  sync?: StorageSync;
}

type ErrorInfo = { message: string; causeCode?: string };
export type WorkerRequest = { type: 'batch'; seq: number; items: WriteStep[][] } | { type: 'close' };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'fatal'; error: ErrorInfo }
  | { type: 'done'; seq: number; results: ({ id: number } | { error: ErrorInfo })[] };

export interface SqliteWriter {
  /** Resolves with the first step's rowid once its transaction committed; rejects with STORE_ERROR. */
  write(steps: WriteStep[]): Promise<number>;
  /** Resolves when the worker has opened the database; rejects with STORE_ERROR if it cannot. */
  ready(): Promise<void>;
  /** Transactions committed and records written so far (group commit makes commits < records). */
  readonly stats: { commits: number; records: number };
  /** Whether the writer's thread was started (by a first write or ready()). */
  readonly started: boolean;
  /** Waits for every pending write, then ends the worker. Later writes reject with STORE_ERROR. */
  close(): Promise<void>;
}

export interface SqliteWriterOptions {
  /** A write not committed within this many ms rejects with STORE_ERROR. Default 10000. */
  timeoutMs?: number;
  /** Most records per transaction. Default 500. */
  maxBatch?: number;
  /** Names the store in error messages ("audit", "chat"). */
  label?: string;
}

interface Pending {
  steps: WriteStep[];
  resolve: (id: number) => void;
  reject: (err: PulseboardError) => void;
  timer: NodeJS.Timeout;
  settled: boolean;
}

const defaults = { timeoutMs: 10_000, maxBatch: 500, label: 'store' };

function validate(options: SqliteWriterOptions): Required<SqliteWriterOptions> {
  const o = { ...defaults, ...options };
  if (!(Number.isFinite(o.timeoutMs) && o.timeoutMs > 0))
    throw new TypeError('options.timeoutMs must be > 0');
  if (!(Number.isSafeInteger(o.maxBatch) && o.maxBatch > 0)) {
    throw new TypeError('options.maxBatch must be a positive integer');
  }
  return o;
}

const storeError = (label: string, message: string, details?: Record<string, unknown>) =>
  new PulseboardError('STORE_ERROR', `${label}: ${message}`, details);

function spawn(setup: WriterSetup): Worker {
  return startWorker(import.meta.url, 'sqlite-writer-worker', { workerData: setup });
}

/**
 * Starts a worker that owns the write connection to `path` (a file: the schema must exist,
 * created by the caller's own connection, which then serves reads — WAL lets readers run
 * beside the writer without waiting for its fsync).
 */
export function openSqliteWriter(setup: WriterSetup, options: SqliteWriterOptions = {}): SqliteWriter {
  const { timeoutMs, maxBatch, label } = validate(options);
  // The thread (an isolate of its own: ~10 MB of RSS) starts with the first write, or when
  // ready() is asked: a board nobody operates needs none.
  let worker: Worker | undefined;
  const queue: Pending[] = [];
  let inFlight: { seq: number; batch: Pending[] } | null = null;
  let seq = 0;
  let broken: PulseboardError | null = null;
  let closing = false;
  let drained: (() => void) | null = null;
  const stats = { commits: 0, records: 0 };
  let exited: Promise<void> = Promise.resolve();
  let opened: () => void = () => {};
  const ready = new Promise<void>((resolve) => (opened = resolve)).then(() => {
    if (broken) throw broken;
  });
  ready.catch(() => {}); // nobody has to ask; a failure reaches every write anyway

  const settle = (p: Pending, outcome: { id: number } | { error: PulseboardError }) => {
    if (p.settled) return;
    p.settled = true;
    clearTimeout(p.timer);
    if ('id' in outcome) p.resolve(outcome.id);
    else p.reject(outcome.error);
  };

  const idleCheck = () => {
    if (inFlight || queue.length) return;
    if (!closing) worker?.unref(); // while closing, stay ref'd until the thread has exited
    drained?.();
  };

  const flush = () => {
    if (inFlight || broken) return;
    const batch = queue.splice(0, maxBatch).filter((p) => !p.settled);
    if (!batch.length) return idleCheck();
    inFlight = { seq: ++seq, batch };
    const w = started();
    w.ref();
    try {
      w.postMessage({ type: 'batch', seq, items: batch.map((p) => p.steps) } satisfies WorkerRequest);
    } catch (err) {
      // A parameter that cannot be cloned: nothing was sent, so nothing can commit.
      inFlight = null;
      const error = storeError(label, `write failed: ${(err as Error).message}`);
      for (const p of batch) settle(p, { error });
      flush();
    }
  };

  const fail = (error: PulseboardError) => {
    broken ??= error;
    opened();
    for (const p of [...(inFlight?.batch ?? []), ...queue.splice(0)]) settle(p, { error: broken });
    inFlight = null;
    idleCheck();
  };

  function started(): Worker {
    if (worker) return worker;
    const w = spawn(setup);
    worker = w;
    w.unref(); // an idle writer must not keep the process alive; ref'd while writes are pending
    exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.on('message', (msg: WorkerReply) => {
      if (msg.type === 'ready') return opened();
      if (msg.type === 'fatal')
        return fail(storeError(label, `cannot open the database: ${msg.error.message}`, msg.error));
      if (msg.type !== 'done' || !inFlight || msg.seq !== inFlight.seq) return;
      const { batch } = inFlight;
      inFlight = null;
      if (msg.results.some((r) => 'id' in r)) stats.commits++;
      batch.forEach((p, i) => {
        const r = msg.results[i];
        if (r && 'id' in r) {
          stats.records++;
          settle(p, r);
        } else {
          const info = r?.error ?? { message: 'no result from the writer' };
          settle(p, { error: storeError(label, `write failed: ${info.message}`, info) });
        }
      });
      flush();
    });
    // Without an 'error' listener a crash in the worker would take the whole server down.
    w.on('error', (err) => fail(storeError(label, `writer thread failed: ${err.message}`)));
    w.on('exit', (code) => {
      if (!broken)
        fail(storeError(label, closing ? 'store is closed' : `writer thread exited (code ${code})`));
    });
    return w;
  }

  return {
    stats,
    get started() {
      return worker !== undefined;
    },
    ready() {
      if (!worker && !broken) started();
      return ready;
    },
    write(steps) {
      if (broken) return Promise.reject(broken);
      if (closing) return Promise.reject(storeError(label, 'store is closed'));
      return new Promise<number>((resolve, reject) => {
        const p: Pending = {
          steps,
          resolve,
          reject,
          settled: false,
          // If the record was already handed to the worker it may still commit later; the
          // caller learns only that it was not acknowledged in time.
          timer: setTimeout(
            () =>
              settle(p, {
                error: storeError(label, `write not committed within ${timeoutMs} ms (slow or stuck disk)`, {
                  timeoutMs,
                }),
              }),
            timeoutMs,
          ),
        };
        queue.push(p);
        flush();
      });
    },
    async close() {
      if (closing) return exited;
      closing = true;
      if (!worker) {
        fail(storeError(label, 'store is closed'));
        return exited;
      }
      worker.ref();
      // A wedged worker must not hang shutdown either: pending writes get their own timeouts,
      // and the thread is terminated if it has not exited by then.
      const w = worker;
      const timer = setTimeout(() => void w.terminate(), 2 * timeoutMs);
      if (inFlight || queue.length) await new Promise<void>((resolve) => (drained = resolve));
      w.postMessage({ type: 'close' } satisfies WorkerRequest);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The same interface over a connection on this thread, committing synchronously inside write():
 * for ':memory:' (a worker cannot share it; there is no fsync to move) and for a database the
 * caller shares with other code.
 */
export function inlineSqliteWriter(
  db: SqliteDatabase,
  statements: Record<string, string>,
  label = 'store',
): SqliteWriter {
  const prepared = new Map(Object.entries(statements).map(([name, sql]) => [name, db.prepare(sql)]));
  const stats = { commits: 0, records: 0 };
  let closed = false;
  const run = db.transaction((steps: WriteStep[]): number => {
    let id = 0;
    steps.forEach((step, i) => {
      const info = prepared.get(step.stmt)!.run(step.params);
      if (i === 0) id = Number(info.lastInsertRowid);
    });
    return id;
  });
  return {
    stats,
    started: true,
    ready: () => Promise.resolve(),
    write(steps) {
      if (closed) return Promise.reject(storeError(label, 'store is closed'));
      try {
        const id = run(steps);
        stats.commits++;
        stats.records++;
        return Promise.resolve(id);
      } catch (err) {
        return Promise.reject(storeError(label, `write failed: ${(err as Error).message}`));
      }
    },
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
}
