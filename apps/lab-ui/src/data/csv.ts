// Flattens lab events into one CSV row each, for spreadsheets. Columns are fixed so files
// from different sessions line up.
import type { LabEvent } from './types.js';

export const CSV_COLUMNS = [
  'at',
  'type',
  'client',
  'user',
  'kind',
  'state',
  'cause',
  'latencyMs',
  'fidelity',
  'detail',
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | undefined>>;

function row(ev: LabEvent): Row {
  switch (ev.type) {
    case 'client':
      return {
        client: ev.client.id,
        user: ev.client.user,
        kind: ev.client.kind,
        state: ev.client.state,
        detail: ev.client.rttMs === undefined ? '' : `rtt ${ev.client.rttMs} ms`,
      };
    case 'client-removed':
      return { client: ev.id };
    case 'fault':
      return {
        client: ev.fault.targets.join(' '),
        kind: ev.fault.kind,
        state: ev.fault.endedAt === undefined ? 'applied' : 'healed',
        fidelity: ev.fault.fidelity,
        detail: JSON.stringify(ev.fault.params),
      };
    case 'detected':
      return {
        client: ev.clientId,
        user: ev.user,
        state: ev.state,
        cause: ev.cause,
        latencyMs: ev.latencyMs,
        detail: `lastHeardAt ${ev.lastHeardAt}`,
      };
    case 'notified':
      return {
        client: ev.observerId,
        user: ev.user,
        state: ev.state,
        latencyMs: ev.latencyMs,
        detail: `about ${ev.aboutClientId}`,
      };
    case 'line':
      return { kind: ev.name, state: String(ev.value), user: ev.by };
    case 'failsafe':
      return {
        kind: ev.line,
        state: `${ev.value} (${ev.result})`,
        user: ev.user,
        detail: ev.error ?? `detectedAt ${ev.detectedAt}`,
      };
    case 'lock':
      return { kind: 'lock', state: ev.change, user: ev.user, detail: ev.by ? `by ${ev.by}` : undefined };
    case 'scenario':
      return { kind: ev.runId, state: ev.status, detail: ev.message };
    case 'log':
      return { state: ev.level, detail: ev.msg };
    case 'caption':
      return { kind: `step ${ev.step}/${ev.steps}`, detail: ev.text };
    case 'step':
      return { kind: ev.runId, state: `line ${ev.line}`, detail: `lab.${ev.call}` };
    case 'expectation':
      return {
        kind: ev.runId,
        state: ev.ok ? 'passed' : 'failed',
        detail: `${ev.line === undefined ? '' : `line ${ev.line}: `}${ev.name}: ${ev.message}`,
      };
  }
}

function cell(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function eventsToCsv(events: readonly LabEvent[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const ev of events) {
    const r: Row = { ...row(ev), at: ev.at, type: ev.type };
    lines.push(CSV_COLUMNS.map((c) => cell(r[c])).join(','));
  }
  return lines.join('\n') + '\n';
}
