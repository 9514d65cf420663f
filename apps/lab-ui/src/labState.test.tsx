import { describe, expect, it } from 'vitest';
import { cablePull, client, story, T0 } from './test/fixtures.js';
import type { LabClient, LabSnapshot } from './data/types.js';
import { initialLabState, labReducer, MAX_EVENTS } from './labState.js';

const c = (id: string, state: LabClient['state']): LabClient => ({
  id,
  kind: 'tcp',
  user: 'u',
  address: '',
  ns: '',
  state,
  since: T0,
});
const snapshot = (clients: LabClient[], faults = [cablePull]): { type: 'snapshot'; lab: LabSnapshot } => ({
  type: 'snapshot',
  lab: {
    board: { running: true, url: 'http://b', host: 'host' },
    clients,
    faults,
    capabilities: { root: true, netem: false, docker: true },
  },
});

describe('labReducer', () => {
  it('seeds the timeline from a snapshot so existing clients and faults get lanes', () => {
    const s = labReducer(initialLabState, {
      type: 'messages',
      at: T0 + 99,
      messages: [snapshot([c('c1', 'connected')])],
    });
    expect(s.board?.running).toBe(true);
    expect(s.faults).toEqual([cablePull]);
    expect(s.events.map((e) => e.type)).toEqual(['client', 'fault']);
    // a reconnect with nothing new adds nothing
    const again = labReducer(s, {
      type: 'messages',
      at: T0 + 99,
      messages: [snapshot([c('c1', 'connected')])],
    });
    expect(again.events).toHaveLength(2);
  });

  it('takes the events a fresh page missed from the snapshot, but not again on a reconnect', () => {
    const recent = story.slice(0, 6);
    const s = labReducer(initialLabState, {
      type: 'messages',
      at: T0 + 20_000,
      messages: [{ ...snapshot([c('c1', 'connected')]), recent }],
    });
    expect(s.events.slice(0, 6)).toEqual(recent);
    const again = labReducer(s, {
      type: 'messages',
      at: T0 + 21_000,
      messages: [{ ...snapshot([c('c1', 'connected')]), recent }],
    });
    expect(again.events.length).toBe(s.events.length);
  });

  it('closes faults healed and clients removed while the stream was down', () => {
    const s = labReducer(initialLabState, {
      type: 'messages',
      at: T0,
      messages: [snapshot([c('c1', 'connected'), c('c2', 'connected')])],
    });
    const after = labReducer(s, {
      type: 'messages',
      at: T0 + 5000,
      messages: [snapshot([c('c1', 'connected')], [])],
    });
    expect(after.faults).toEqual([]);
    expect(after.clients.map((x) => x.id)).toEqual(['c1']);
    expect(after.events.slice(-2)).toEqual([
      { type: 'client-removed', at: T0 + 5000, id: 'c2' },
      { type: 'fault', at: T0 + 5000, fault: { ...cablePull, endedAt: T0 + 5000 } },
    ]);
  });

  it('tracks clients and faults in force from events', () => {
    const s = labReducer(initialLabState, { type: 'messages', at: T0 + 99, messages: story });
    expect(s.clients.map((x) => [x.id, x.state])).toEqual([
      ['c1', 'connected'],
      ['c2', 'offline'],
      ['c3', 'connected'],
    ]);
    expect(s.faults).toEqual([]); // healed at the end of the story
    const removed = labReducer(s, {
      type: 'messages',
      at: T0,
      messages: [{ type: 'client-removed', at: T0, id: 'c2' }],
    });
    expect(removed.clients.map((x) => x.id)).toEqual(['c1', 'c3']);
  });

  it('takes only the board from a REST snapshot, never clients or faults', () => {
    const s = labReducer(initialLabState, { type: 'messages', at: T0, messages: story });
    const board = { running: true, url: 'http://10.1.0.3:8080', host: 'pblab-x-board' };
    const next = labReducer(s, {
      type: 'board',
      board,
      capabilities: { root: true, netem: false, docker: false },
    });
    expect(next.board).toEqual(board);
    expect(next.clients).toBe(s.clients);
    expect(next.events).toBe(s.events);
  });

  it('keeps at most MAX_EVENTS events', () => {
    const many = Array.from({ length: MAX_EVENTS + 10 }, (_, i) =>
      client('c1', i % 2 ? 'connected' : 'suspect', T0 + i),
    );
    const s = labReducer(initialLabState, { type: 'messages', at: T0 + 99, messages: many });
    expect(s.events).toHaveLength(MAX_EVENTS);
    expect(s.events[0]!.at).toBe(T0 + 10);
  });
});

describe('needsSnapshot', () => {
  it('asks for a fresh /api/lab when the board or a scenario changed', async () => {
    const { needsSnapshot } = await import('./useLab.js');
    expect(
      needsSnapshot([{ type: 'log', at: 1, level: 'info', msg: 'board up at http://10.1.0.3:8080' }]),
    ).toBe(true);
    expect(needsSnapshot([{ type: 'scenario', at: 1, runId: 'r', status: 'running' }])).toBe(true);
    expect(needsSnapshot([{ type: 'log', at: 1, level: 'info', msg: 'client c1 added' }, ...story])).toBe(
      false,
    );
  });
});
