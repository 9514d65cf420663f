import { describe, expect, it } from 'vitest';
import type { LabClient } from '../types.js';
import { clientFor, detectedEvent, notifiedEvent } from './attribution.js';
import { FaultBook } from './fault-book.js';

const client = (id: string, user: string, address: string) => ({
  info: { id, user, kind: 'ws', address, ns: '', state: 'connected', since: 0 } as LabClient,
  address,
});
const lasting = { fidelity: 'kernel' as const, instant: false, heal: async () => undefined };

describe('attribution', () => {
  const a1 = client('c1', 'alice', '10.1.0.11');
  const a2 = client('c2', 'alice', '10.1.0.12');
  const faults = new FaultBook();
  faults.record(
    { id: 'f1', kind: 'blackhole', targets: ['c2'], params: {}, fidelity: 'kernel', startedAt: 1000 },
    lasting,
  );

  it('finds the client by IP first, else the faulted client of the user', () => {
    expect(clientFor([a1, a2], faults, 'alice', '10.1.0.11')).toBe(a1);
    expect(clientFor([a1, a2], faults, 'alice')).toBe(a2);
    expect(clientFor([a1, a2], faults, 'bob')).toBeUndefined();
  });

  it('measures from the latest fault that started before the detection', () => {
    const d = { state: 'offline' as const, cause: 'user-timeout', lastHeardAt: 900, detectedAt: 2500 };
    expect(detectedEvent(d, a2, faults, 3000)).toMatchObject({ clientId: 'c2', latencyMs: 1500 });
    // Before the fault, or on a client nobody faulted: a false alarm.
    expect(detectedEvent({ ...d, detectedAt: 500 }, a2, faults).latencyMs).toBe(-1);
    expect(detectedEvent(d, a1, faults).latencyMs).toBe(-1);
    expect(notifiedEvent('c9', a2, 'offline', 1800, faults)).toMatchObject({
      observerId: 'c9',
      latencyMs: 800,
    });
  });

  it('keeps healed faults for measuring, but lists only active ones', () => {
    const book = new FaultBook();
    book.record(
      { id: 'f2', kind: 'loss', targets: ['c1'], params: {}, fidelity: 'kernel', startedAt: 5 },
      lasting,
    );
    expect(book.activeIds()).toEqual(['f2']);
    expect(book.take('f2')).toBeDefined();
    expect(book.activeIds()).toEqual([]);
    expect(book.latestFor('c1')?.id).toBe('f2');
    expect(book.take('f2')).toBeUndefined();
  });
});
