import type { Lab } from '../lab.js';
import type { Expectation, FaultKind, FaultParams, LabClient, LabEvent } from '../types.js';
import type { ClientHandle, FaultHandle, ScenarioLab, Target } from './api.js';
import { getLineValue, getPresence, setLine } from './board-api.js';
import { PollAbort, pollUntil, sleep } from './poll.js';
import { currentScenarioLine } from './trace.js';

// The ScenarioLab a scenario file receives, built on one Lab. Expectations are soft: a
// failed one is recorded and the scenario continues, so a run reports every miss at once.

export interface ContextDeps {
  lab: Lab;
  runId: string;
  signal: AbortSignal;
  events: LabEvent[];
  expectations: Expectation[];
  /** Clients this run added, removed at the end when the lab is shared. */
  addedClients: string[];
  stoppers: (() => void)[];
}

const observerKinds = new Set(['ws', 'sse', 'browser']);

function handle(c: LabClient): ClientHandle {
  return { id: c.id, kind: c.kind, user: c.user, address: c.address };
}

export function createContext(d: ContextDeps): ScenarioLab {
  const { lab, signal } = d;
  const record = (name: string, ok: boolean, message: string): boolean => {
    const line = currentScenarioLine();
    const x = line === undefined ? { name, ok, message } : { name, ok, message, line };
    d.expectations.push(x);
    lab.emitEvent({ type: 'expectation', at: Date.now(), runId: d.runId, ...x });
    lab.log(ok ? 'info' : 'warn', `${ok ? 'PASS' : 'FAIL'} ${name}: ${message}`);
    return ok;
  };
  const ids = (t: Target): string[] =>
    t === 'board' ? ['board'] : Array.isArray(t) ? t.map((c) => c.id) : [t.id];
  const faultHandle = (id: string, kind: FaultKind, startedAt: number): FaultHandle => ({
    id,
    kind,
    startedAt,
    heal: async () => {
      if (lab.isFaultActive(id)) await lab.heal(id);
    },
  });
  const waitConnected = async (clients: LabClient[], timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    const ok = await pollUntil(
      () => {
        const dead = clients.find((c) => lab.client(c.id)?.state === 'stopped');
        if (dead) throw new PollAbort(`client ${dead.id} (${dead.kind}) exited before it connected`);
        return clients.every((c) => lab.client(c.id)?.state === 'connected') ? true : undefined;
      },
      deadline,
      signal,
    );
    if (!ok) {
      const late = clients.filter((c) => lab.client(c.id)?.state !== 'connected').map((c) => c.id);
      throw new Error(`clients not connected within ${timeoutMs} ms: ${late.join(', ')}`);
    }
  };
  const addClients = async (
    count: number,
    o: { kind: LabClient['kind']; user?: string; timeoutMs?: number },
  ) => {
    const added = await lab.addClients({ kind: o.kind, user: o.user, count });
    d.addedClients.push(...added.map((c) => c.id));
    await waitConnected(added, o.timeoutMs ?? (o.kind === 'browser' ? 30_000 : 20_000));
    return added.map(handle);
  };
  const latencyEvent = async (
    type: 'detected' | 'notified',
    client: ClientHandle,
    state: 'suspect' | 'offline',
    within: number,
  ) => {
    const fault = lab.latestFault(client.id);
    if (!fault) return { error: `no fault was applied to ${client.id}` };
    const deadline = fault.startedAt + within + 50;
    const match = (e: LabEvent) =>
      e.type === type &&
      (e.type === 'detected' ? e.clientId : e.type === 'notified' ? e.aboutClientId : '') === client.id &&
      e.state === state &&
      e.at >= fault.startedAt - 5;
    return { fault, deadline, match };
  };

  return {
    get events() {
      return d.events;
    },
    async startBoard(options = {}) {
      const b = await lab.startBoard(options);
      return { url: b.url };
    },
    async addClient(options) {
      const [c] = await addClients(1, options);
      return c!;
    },
    addClients,
    wait: (ms) => sleep(ms, signal),
    async fault(target: Target, kind: FaultKind, params: FaultParams = {}, options = {}) {
      const f = await lab.fault(kind, ids(target), params, options.durationMs);
      return faultHandle(f.id, kind, f.startedAt);
    },
    async partition(map, options = {}) {
      const m: Record<string, string[]> = {};
      const idOf = (x: ClientHandle | 'board') => (x === 'board' ? 'board' : x.id);
      for (const [from, tos] of map) m[idOf(from)] = tos.map(idOf);
      const f = await lab.fault('partition', [], { map: m }, options.durationMs);
      return faultHandle(f.id, 'partition', f.startedAt);
    },
    async heal(fault) {
      if (fault) await fault.heal();
      else await lab.healAll();
    },
    setLine: (name, value) => setLine(lab.boardUrl, lab.labAuth, name, value),
    operate: (client, name, value) => lab.operate(client.id, name, value),
    streamLine(name, everyMs) {
      let v: 0 | 1 = 0;
      const t = setInterval(() => {
        v = v ? 0 : 1;
        setLine(lab.boardUrl, lab.labAuth, name, v).catch(() => undefined);
      }, everyMs);
      const stop = () => clearInterval(t);
      d.stoppers.push(stop);
      return stop;
    },
    async expectPresence(user, state, { within }) {
      const t0 = Date.now();
      const name = `${user} ${state} within ${within} ms`;
      const hit = await pollUntil(
        async () => {
          const users = await getPresence(lab.boardUrl, lab.labAuth);
          const u = users.find((x) => x.name === user);
          const s = u?.state ?? 'offline';
          return s === state ? Date.now() - t0 : undefined;
        },
        t0 + within,
        signal,
      );
      return record(
        name,
        hit !== undefined,
        hit !== undefined ? `after ${hit} ms` : `not ${state} after ${within} ms`,
      );
    },
    async expectNever(user, state, { forMs }) {
      const t0 = Date.now();
      const name = `${user} never ${state} for ${forMs} ms`;
      const bad = await pollUntil(
        async () => {
          const users = await getPresence(lab.boardUrl, lab.labAuth);
          return users.find((x) => x.name === user)?.state === state ? Date.now() - t0 : undefined;
        },
        t0 + forMs,
        signal,
        100,
      );
      return record(name, bad === undefined, bad === undefined ? 'held' : `became ${state} after ${bad} ms`);
    },
    async expectDetection(client, { within, state = 'offline' }) {
      const name = `server detects ${client.id} (${client.user}) ${state} within ${within} ms`;
      const q = await latencyEvent('detected', client, state, within);
      if ('error' in q) return void record(name, false, q.error!);
      const e = await pollUntil(() => d.events.find(q.match), q.deadline, signal, 20);
      if (!e || e.type !== 'detected') return void record(name, false, `no detection within ${within} ms`);
      record(name, e.latencyMs <= within, `${e.latencyMs} ms (cause ${e.cause})`);
      return e.latencyMs;
    },
    async expectNotified(client, { within, state = 'offline' }) {
      const name = `others told ${client.user} ${state} within ${within} ms`;
      const q = await latencyEvent('notified', client, state, within);
      if ('error' in q) return void record(name, false, q.error!);
      const observers = lab
        .listClients()
        .filter((c) => c.user !== client.user && observerKinds.has(c.kind) && c.state === 'connected');
      if (observers.length === 0)
        return void record(name, false, 'no connected observer clients (ws, sse, browser)');
      const all = await pollUntil(
        () => {
          const got = observers.map((o) =>
            d.events.find((e) => q.match(e) && e.type === 'notified' && e.observerId === o.id),
          );
          return got.every(Boolean) ? got : undefined;
        },
        q.deadline,
        signal,
        20,
      );
      if (!all) {
        const told = new Set(
          d.events.filter(q.match).map((e) => (e.type === 'notified' ? e.observerId : '')),
        );
        const missing = observers.filter((o) => !told.has(o.id)).map((o) => o.id);
        return void record(name, false, `not told within ${within} ms: ${missing.join(', ')}`);
      }
      const worst = Math.max(...all.map((e) => (e && e.type === 'notified' ? e.latencyMs : Infinity)));
      record(name, worst <= within, `${observers.length} observers, slowest ${worst} ms`);
      return worst;
    },
    async expectLine(lineName, value, { within }) {
      const t0 = Date.now();
      const name = `line ${lineName} = ${value} within ${within} ms`;
      const hit = await pollUntil(
        async () =>
          (await getLineValue(lab.boardUrl, lab.labAuth, lineName)) === value ? Date.now() - t0 : undefined,
        t0 + within,
        signal,
      );
      return record(name, hit !== undefined, hit !== undefined ? `after ${hit} ms` : 'not reached');
    },
    async expectConnected(client, { within }) {
      const t0 = Date.now();
      const name = `${client.id} connected within ${within} ms`;
      const hit = await pollUntil(
        () => (lab.client(client.id)?.state === 'connected' ? Date.now() - t0 : undefined),
        t0 + within,
        signal,
      );
      return record(
        name,
        hit !== undefined,
        hit !== undefined ? `after ${hit} ms` : `state ${lab.client(client.id)?.state}`,
      );
    },
    expect: (name, ok, message = ok ? 'ok' : 'failed') => record(name, ok, message),
    log: (message) => lab.log('info', message),
  };
}
