// The worker thread that owns a database's write connection (see sqlite-writer.ts). It runs
// each batch it receives as one transaction — one WAL fsync for the whole batch, with
// synchronous=FULL — and answers only after the commit returned. A failed batch is rolled back
// and retried one record per transaction, so one bad record cannot take its neighbours with it.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './sqlite.js';
import type { WorkerReply, WorkerRequest, WriterSetup, WriteStep } from './sqlite-writer.js';

const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker must run in a worker thread');
const setup = workerData as WriterSetup;

function describe(err: unknown): { message: string; causeCode?: string } {
  const e = err as { message?: unknown; code?: unknown };
  return {
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.code === 'string' ? { causeCode: e.code } : {}),
  };
}

try {
  const db = openDatabase(setup.path, { sync: setup.sync ?? 'full' });
  const statements = new Map(Object.entries(setup.statements).map(([name, sql]) => [name, db.prepare(sql)]));
  const runItem = (steps: WriteStep[]): number => {
    let id = 0;
    steps.forEach((step, i) => {
      const stmt = statements.get(step.stmt);
      if (!stmt) throw new Error(`unknown statement ${step.stmt}`);
      const info = stmt.run(step.params);
      if (i === 0) id = Number(info.lastInsertRowid);
    });
    return id;
  };
  const runBatch = db.transaction((items: WriteStep[][]) => items.map(runItem));
  const runOne = db.transaction(runItem);

  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'close') {
      db.close();
      port.close();
      return;
    }
    let reply: WorkerReply;
    try {
      reply = { type: 'done', seq: msg.seq, results: runBatch(msg.items).map((id) => ({ id })) };
    } catch (batchErr) {
      const results =
        msg.items.length === 1
          ? [{ error: describe(batchErr) }]
          : msg.items.map((item) => {
              try {
                return { id: runOne(item) };
              } catch (err) {
                return { error: describe(err) };
              }
            });
      reply = { type: 'done', seq: msg.seq, results };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (err) {
  // Cannot open (corrupt file, no space, permissions): say so and let the thread end.
  port.postMessage({ type: 'fatal', error: describe(err) } satisfies WorkerReply);
  port.close();
}
