import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` that sits next to the caller (`here` = its import.meta.url).
 * Built JS (dist/) runs the compiled worker directly. From sources (tests, `--import tsx`) the
 * worker is TypeScript, which a worker thread cannot load on its own in Node 20 (the parent's
 * --import hooks do not reach it), so a one-line bootstrap loads it through tsx's API.
 */
export function startWorker(here: string, name: string, options: WorkerOptions = {}): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), options);
  const file = new URL(`./${name}.ts`, here).href;
  const api = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const boot = `import(${JSON.stringify(api)}).then((t) => t.tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}))`;
  return new Worker(boot, { ...options, eval: true });
}
