// Every HTTP call the lab UI makes, in one place (see docs/lab-api.md).
import type {
  Board,
  BoardState,
  ClientAction,
  DemoState,
  HardwareFault,
  ClientKind,
  Diagnostic,
  Fault,
  LabClient,
  LabSnapshot,
  NewFault,
  RunResult,
  RunSummary,
  ScenarioInfo,
} from './types.js';

/** An error reply from the lab API: `{ error: { code, message } }` with its HTTP status. */
export class LabApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LabApiError';
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new LabApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const enc = encodeURIComponent;

export const labApi = {
  lab: () => request<LabSnapshot>('GET', '/api/lab'),
  startBoard: (port?: number) => request<Board>('POST', '/api/board/start', port ? { port } : {}),
  stopBoard: () => request<unknown>('POST', '/api/board/stop'),
  addClients: (kind: ClientKind, count = 1, user?: string) =>
    request<LabClient[]>('POST', '/api/clients', user ? { kind, count, user } : { kind, count }),
  removeClient: (id: string) => request<unknown>('DELETE', `/api/clients/${enc(id)}`),
  applyFault: (fault: NewFault) => request<Fault>('POST', '/api/faults', fault),
  healFault: (id: string) => request<unknown>('DELETE', `/api/faults/${enc(id)}`),
  healAll: () => request<unknown>('POST', '/api/heal'),
  scenarios: () => request<ScenarioInfo[]>('GET', '/api/scenarios'),
  scenario: (name: string) => request<{ name: string; source: string }>('GET', `/api/scenarios/${enc(name)}`),
  saveScenario: (name: string, source: string) =>
    request<unknown>('PUT', `/api/scenarios/${enc(name)}`, { source }),
  checkScenario: (source: string) =>
    request<{ diagnostics: Diagnostic[] }>('POST', '/api/scenarios/check', { source }),
  startRun: (body: { scenario?: string; source?: string }) =>
    request<{ runId: string }>('POST', '/api/runs', body),
  stopRun: (runId: string) => request<unknown>('POST', `/api/runs/${enc(runId)}/stop`),
  runs: () => request<RunSummary[]>('GET', '/api/runs'),
  run: (runId: string) => request<RunResult>('GET', `/api/runs/${enc(runId)}`),
  act: (id: string, action: ClientAction) => request<unknown>('POST', `/api/clients/${enc(id)}/act`, action),
  powerOn: (id: string) => request<LabClient>('POST', `/api/clients/${enc(id)}/power-on`),
  boardState: () => request<BoardState>('GET', '/api/board/state'),
  driveInput: (line: string, value: 0 | 1) =>
    request<unknown>('POST', `/api/board/inputs/${enc(line)}`, { value }),
  hardwareFault: (line: string, fault: HardwareFault | null) =>
    request<unknown>('PUT', `/api/board/hardware-faults/${enc(line)}`, { fault }),
  startDemo: (options: { pauseMs?: number; outageMs?: number } = {}) =>
    request<DemoState>('POST', '/api/demo', options),
  demo: () => request<DemoState>('GET', '/api/demo'),
  scenarioTypes: async (): Promise<string> => {
    const res = await fetch('/api/types/scenario.d.ts');
    if (!res.ok) throw new LabApiError(res.status, `HTTP_${res.status}`, res.statusText);
    return res.text();
  },
};

export const reportUrl = (runId: string) => `/api/runs/${enc(runId)}/report`;

/**
 * The board's control panel as a lab user, served by the lab itself (same origin, signed in by
 * the lab): the rule of docs/lab-api.md, also listed in `board.panels` of GET /api/lab.
 */
export const panelUrl = (user: string) => `/panel/${enc(user)}/`;

export type LabApi = typeof labApi;
