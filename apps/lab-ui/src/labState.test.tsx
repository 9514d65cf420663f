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
    const s = labReducer(initialLabState, { type: 'messages', messages: [snapshot([c('c1', 'connected')])] });
    expect(s.board?.running).toBe(true);
    expect(s.faults).toEqual([cablePull]);
    expect(s.events.map((e) => e.type)).toEqual(['client', 'fault']);
    // a reconnect with nothing new adds nothing
    const again = labReducer(s, { type: 'messages', messages: [snapshot([c('c1', 'connected')])] });
    expect(again.events).toHaveLength(2);
  });

  it('tracks clients and faults in force from events', () => {
    const s = labReducer(initialLabState, { type: 'messages', messages: story });
    expect(s.clients.map((x) => [x.id, x.state])).toEqual([
      ['c1', 'connected'],
      ['c2', 'offline'],
      ['c3', 'connected'],
    ]);
    expect(s.faults).toEqual([]); // healed at the end of the story
    const removed = labReducer(s, {
      type: 'messages',
      messages: [{ type: 'client-removed', at: T0, id: 'c2' }],
    });
    expect(removed.clients.map((x) => x.id)).toEqual(['c1', 'c3']);
  });

  it('keeps at most MAX_EVENTS events', () => {
    const many = Array.from({ length: MAX_EVENTS + 10 }, (_, i) =>
      client('c1', i % 2 ? 'connected' : 'suspect', T0 + i),
    );
    const s = labReducer(initialLabState, { type: 'messages', messages: many });
    expect(s.events).toHaveLength(MAX_EVENTS);
    expect(s.events[0]!.at).toBe(T0 + 10);
  });
});
