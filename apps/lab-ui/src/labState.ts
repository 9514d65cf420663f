// The lab as the UI knows it: the latest snapshot plus every event since, folded by a pure
// reducer so it can be tested without a server.
import type { Board, Capabilities, Fault, LabClient, LabEvent, StreamMessage } from './data/types.js';
import type { StreamStatus } from './data/stream.js';

/** Cap on kept events: a long demo must not grow memory without bound. */
export const MAX_EVENTS = 50_000;

export interface LabState {
  status: StreamStatus;
  board: Board | undefined;
  capabilities: Capabilities;
  clients: LabClient[];
  /** Faults still in force (endedAt unset). */
  faults: Fault[];
  events: LabEvent[];
}

export const initialLabState: LabState = {
  status: 'connecting',
  board: undefined,
  capabilities: { root: false, netem: false, docker: false },
  clients: [],
  faults: [],
  events: [],
};

export type LabAction =
  | { type: 'status'; status: StreamStatus }
  /** `at`: when the batch arrived (epoch ms), used to close what a snapshot says is gone. */
  | { type: 'messages'; messages: StreamMessage[]; at: number }
  /**
   * Board and capabilities from GET /api/lab. Only these: a REST snapshot can be older than
   * stream events already applied, so it must not add or remove clients and faults.
   */
  | { type: 'board'; board: Board; capabilities: Capabilities }
  | { type: 'clear-events' };

export function labReducer(state: LabState, action: LabAction): LabState {
  switch (action.type) {
    case 'status':
      return { ...state, status: action.status };
    case 'clear-events':
      return { ...state, events: [] };
    case 'board':
      return { ...state, board: action.board, capabilities: action.capabilities };
    case 'messages': {
      let next = state;
      const added: LabEvent[] = [];
      for (const msg of action.messages) {
        if (msg.type === 'snapshot') {
          // A fresh page learns the story so far; a reconnect already has it.
          if (!next.events.length && !added.length && msg.recent) added.push(...msg.recent);
          added.push(...seedEvents(next, msg.lab.clients, msg.lab.faults, action.at));
          next = {
            ...next,
            board: msg.lab.board,
            capabilities: msg.lab.capabilities,
            clients: msg.lab.clients,
            faults: msg.lab.faults.filter((f) => f.endedAt === undefined),
          };
        } else {
          next = applyEvent(next, msg);
          added.push(msg);
        }
      }
      if (!added.length) return next;
      const events = next.events.concat(added);
      return { ...next, events: events.length > MAX_EVENTS ? events.slice(-MAX_EVENTS) : events };
    }
  }
}

function applyEvent(state: LabState, ev: LabEvent): LabState {
  switch (ev.type) {
    case 'client':
      return { ...state, clients: upsert(state.clients, ev.client) };
    case 'client-removed':
      return { ...state, clients: state.clients.filter((c) => c.id !== ev.id) };
    case 'fault': {
      const rest = state.faults.filter((f) => f.id !== ev.fault.id);
      return { ...state, faults: ev.fault.endedAt === undefined ? [...rest, ev.fault] : rest };
    }
    default:
      return state;
  }
}

function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  const i = list.findIndex((x) => x.id === item.id);
  if (i < 0) return [...list, item];
  const copy = list.slice();
  copy[i] = item;
  return copy;
}

/**
 * A snapshot describes the present, not how we got there. Turn the parts the timeline has not
 * seen yet into synthetic events so lanes exist for clients and faults that predate the page,
 * and close what vanished while the stream was down (a reconnect), at the snapshot's arrival.
 */
function seedEvents(state: LabState, clients: LabClient[], faults: Fault[], at: number): LabEvent[] {
  const knownClients = new Map(state.clients.map((c) => [c.id, c]));
  const knownFaults = new Set(state.faults.map((f) => f.id));
  const seeded: LabEvent[] = [];
  const present = new Set(clients.map((c) => c.id));
  const inForce = new Set(faults.filter((f) => f.endedAt === undefined).map((f) => f.id));
  for (const c of state.clients)
    if (!present.has(c.id)) seeded.push({ type: 'client-removed', at, id: c.id });
  for (const f of state.faults)
    if (!inForce.has(f.id)) seeded.push({ type: 'fault', at, fault: { ...f, endedAt: at } });
  for (const c of clients) {
    const prev = knownClients.get(c.id);
    if (!prev || prev.state !== c.state) seeded.push({ type: 'client', at: c.since, client: c });
  }
  for (const f of faults) {
    if (!knownFaults.has(f.id)) seeded.push({ type: 'fault', at: f.startedAt, fault: f });
  }
  return seeded.sort((a, b) => a.at - b.at);
}
