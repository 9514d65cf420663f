import type { Diagnostic, ExpectationEvent, LabEvent } from '../data/types.js';

export interface RunTrace {
  /** The line of the step in progress (the latest `lab.*` call of the run). */
  line?: number;
  call?: string;
  /** Expectations decided so far, in order. */
  expectations: ExpectationEvent[];
}

/** What the stream told about one run: its current step and the expectations decided so far. */
export function runTrace(events: readonly LabEvent[], runId: string | undefined): RunTrace {
  const trace: RunTrace = { expectations: [] };
  if (!runId) return trace;
  for (const e of events) {
    if (e.type === 'step' && e.runId === runId) {
      trace.line = e.line;
      trace.call = e.call;
    } else if (e.type === 'expectation' && e.runId === runId) trace.expectations.push(e);
  }
  return trace;
}

/** Failed expectations that know their line, as diagnostics on that line. */
export function failedAsDiagnostics(expectations: readonly ExpectationEvent[]): Diagnostic[] {
  return expectations
    .filter((x) => !x.ok && x.line !== undefined)
    .map((x) => ({
      line: x.line!,
      column: 1,
      endLine: x.line!,
      endColumn: 1,
      severity: 'error' as const,
      message: `${x.name} failed: ${x.message}`,
      code: 0,
    }));
}
