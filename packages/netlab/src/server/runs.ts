import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../lab.js';
import { renderReport } from '../report/html.js';
import { loadScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/runner.js';
import type { RunResult } from '../types.js';
import { nextId } from '../util/ids.js';

// Scenario runs started through the API: one at a time on the shared lab (two runs would
// fight over the same board and clients), kept in memory and written to the results folder.
export interface RunEntry {
  result: Omit<RunResult, 'status'> & { status: RunResult['status'] | 'running' };
  abort: AbortController;
  report?: string;
}

export class RunRegistry {
  private readonly runs = new Map<string, RunEntry>();
  private active: string | undefined;

  constructor(
    private readonly lab: Lab,
    private readonly resultsDir: string,
  ) {}

  start(file: string, name: string): string {
    if (this.active) throw new TypeError(`run ${this.active} is still running: stop it first`);
    const runId = nextId(`run-${Date.now().toString(36)}-`);
    const entry: RunEntry = {
      result: {
        runId,
        scenario: name,
        status: 'running',
        startedAt: Date.now(),
        endedAt: 0,
        expectations: [],
        events: [],
      },
      abort: new AbortController(),
    };
    this.runs.set(runId, entry);
    this.active = runId;
    void (async () => {
      try {
        const def = await loadScenario(file);
        // Listed under the scenario the user ran (a copy saved as demo-power-off is not
        // "power-off"); only unnamed editor text takes the name written inside it.
        if (name === 'unsaved') entry.result.scenario = def.name;
        // A run owns the lab while it runs: clients and faults left from before would change
        // what it measures (another connection of the same user keeps that user online).
        await this.lab.healAll();
        for (const c of this.lab.listClients()) await this.lab.removeClient(c.id);
        if (!this.lab.board.running) await this.lab.startBoard();
        const result = await runScenario(def, this.lab, { runId, signal: entry.abort.signal, cleanup: true });
        entry.result = { ...result, scenario: entry.result.scenario };
      } catch (e) {
        entry.result = {
          ...entry.result,
          status: 'failed',
          endedAt: Date.now(),
          expectations: [{ name: 'scenario loaded and ran', ok: false, message: (e as Error).message }],
        };
        this.lab.emitEvent({
          type: 'scenario',
          at: Date.now(),
          runId,
          status: 'failed',
          message: (e as Error).message,
        });
      } finally {
        this.active = undefined;
        this.persist(entry);
      }
    })();
    return runId;
  }

  private persist(entry: RunEntry): void {
    const result = entry.result as RunResult;
    entry.report = renderReport(result);
    mkdirSync(this.resultsDir, { recursive: true });
    writeFileSync(join(this.resultsDir, `${result.runId}.json`), JSON.stringify(result, null, 2));
    writeFileSync(join(this.resultsDir, `${result.runId}.html`), entry.report);
  }

  stop(runId: string): boolean {
    const e = this.runs.get(runId);
    if (!e) return false;
    e.abort.abort();
    return true;
  }

  list(): Omit<RunEntry['result'], 'events'>[] {
    return [...this.runs.values()].map(({ result }) => {
      const { events: _events, ...rest } = result;
      return rest;
    });
  }

  get(runId: string): RunEntry | undefined {
    return this.runs.get(runId);
  }
}
