import type { Worker } from 'node:worker_threads';
import { PulseboardError } from '@pulseboard/core';
import { startWorker } from '@pulseboard/core/worker/start-worker';
import type { Diagnostic } from './diagnose.js';

type Reply = { id: number; diagnostics?: Diagnostic[]; error?: string };

/**
 * Type-checks scenario text in a worker thread, started on the first check and kept for the
 * next ones. A check that takes longer than `timeoutMs` (the first loads TypeScript) fails
 * with CHECK_UNAVAILABLE instead of hanging the editor.
 */
export class ScenarioCheckWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (d: Diagnostic[]) => void; reject: (e: Error) => void }
  >();

  constructor(
    private readonly scenariosDir: string,
    private readonly timeoutMs = 30_000,
  ) {}

  check(source: string): Promise<Diagnostic[]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<Diagnostic[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new PulseboardError('CHECK_UNAVAILABLE', `type-check took longer than ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.set(id, {
        resolve: (d) => (clearTimeout(timer), resolve(d)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      worker.postMessage({ id, source });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(import.meta.url, 'check-worker', {
      workerData: { scenariosDir: this.scenariosDir },
    });
    w.unref(); // an idle checker must not keep the lab alive after Ctrl-C
    w.on('message', (m: Reply) => {
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if (m.diagnostics) p.resolve(m.diagnostics);
      else p.reject(new PulseboardError('CHECK_UNAVAILABLE', m.error ?? 'type-check failed'));
    });
    const fail = (e: Error) => {
      this.worker = undefined;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) =>
      fail(new PulseboardError('CHECK_UNAVAILABLE', `the type-checker exited (${code})`)),
    );
    this.worker = w;
    return w;
  }
}
