import { setMaxListeners } from 'node:events';
import { Lab } from '../lab.js';
import type { Expectation, LabEvent, RunResult } from '../types.js';
import { nextId } from '../util/ids.js';
import type { ScenarioDef } from './api.js';
import { createContext } from './context.js';
import { StoppedError } from './poll.js';
import { lineIn, traceCalls } from './trace.js';

// One engine for every way a scenario runs (CLI, lab API, CI): give it a definition and a
// started Lab; it records the run's events and expectations and returns a RunResult.

export interface RunOptions {
  runId?: string;
  signal?: AbortSignal;
  /** Remove the clients the run added and heal its faults afterwards (shared labs). */
  cleanup?: boolean;
  onEvent?: (e: LabEvent) => void;
}

export async function runScenario(def: ScenarioDef, lab: Lab, options: RunOptions = {}): Promise<RunResult> {
  const runId = options.runId ?? nextId('run');
  const events: LabEvent[] = [];
  const expectations: Expectation[] = [];
  const addedClients: string[] = [];
  const stoppers: (() => void)[] = [];
  const abort = new AbortController();
  // Many expectations wait in parallel (e.g. 50 detections), each listening for a stop.
  setMaxListeners(0, abort.signal);
  const onOuterAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const timeout = setTimeout(() => abort.abort(), def.timeoutMs);
  const listener = (e: LabEvent) => {
    events.push(e);
    options.onEvent?.(e);
  };
  lab.on('event', listener);
  const startedAt = Date.now();
  lab.emitEvent({ type: 'scenario', at: startedAt, runId, status: 'running', message: def.name });
  let status: RunResult['status'] = 'passed';
  let message: string | undefined;
  try {
    const ctx = createContext({
      lab,
      runId,
      signal: abort.signal,
      events,
      expectations,
      addedClients,
      stoppers,
    });
    const step = (call: string, line: number) =>
      lab.emitEvent({ type: 'step', at: Date.now(), runId, line, call });
    await def.run(def.file ? traceCalls(ctx, def.file, step) : ctx);
    if (expectations.some((x) => !x.ok)) status = 'failed';
  } catch (e) {
    const stoppedByUser = options.signal?.aborted;
    status = e instanceof StoppedError && stoppedByUser ? 'stopped' : 'failed';
    message =
      e instanceof StoppedError && !stoppedByUser
        ? `timed out after ${def.timeoutMs} ms`
        : (e as Error).message;
    const line = def.file ? lineIn((e as Error).stack, def.file) : undefined;
    expectations.push({
      name: 'scenario ran to the end',
      ok: false,
      message: message ?? 'stopped',
      ...(line === undefined ? {} : { line }),
    });
    lab.emitEvent({ type: 'expectation', at: Date.now(), runId, ...expectations[expectations.length - 1]! });
  } finally {
    clearTimeout(timeout);
    options.signal?.removeEventListener('abort', onOuterAbort);
    for (const s of stoppers) s();
    if (options.cleanup) {
      await lab.healAll().catch(() => undefined);
      for (const id of addedClients) await lab.removeClient(id).catch(() => undefined);
    }
  }
  const endedAt = Date.now();
  lab.emitEvent({ type: 'scenario', at: endedAt, runId, status, message });
  lab.off('event', listener);
  return { runId, scenario: def.name, status, startedAt, endedAt, expectations, events };
}

/** A fresh lab just for this run (CLI and CI): started, used, torn down. */
export async function runIsolated(
  def: ScenarioDef,
  labOptions: ConstructorParameters<typeof Lab>[0] = {},
  options: RunOptions = {},
): Promise<RunResult> {
  const lab = new Lab(labOptions);
  try {
    await lab.start();
    return await runScenario(def, lab, options);
  } finally {
    await lab.stop();
  }
}
