import type { PresenceSnapshot } from '@pulseboard/core/presence/index';
import { describe, expect, it } from 'vitest';
import { rttChanges } from './wire-events.js';

const snap = (rtts: Record<string, number | null>) =>
  ({
    users: [{ name: 'ann', connections: Object.entries(rtts).map(([id, rttMs]) => ({ id, rttMs })) }],
  }) as unknown as PresenceSnapshot;

describe('rttChanges (the presence rtt deltas everyone receives)', () => {
  it('reports a connection first seen, then only moves of at least 2 ms and 30 %', () => {
    const sent = new Map<string, number>();
    expect(rttChanges(snap({ a: 1.2, b: 40, c: null }), sent)).toEqual({ a: 1.2, b: 40 });
    // a: +1.7 ms is jitter (under 2 ms); b: +10 ms is only 25 %
    expect(rttChanges(snap({ a: 2.9, b: 50, c: null }), sent)).toEqual({});
    // a: +2.3 ms and +190 %; b: +13 ms and 32 %
    expect(rttChanges(snap({ a: 3.5, b: 53, c: 7 }), sent)).toEqual({ a: 3.5, b: 53, c: 7 });
  });

  it('forgets connections that are gone, so one that comes back is reported again', () => {
    const sent = new Map<string, number>();
    rttChanges(snap({ a: 5 }), sent);
    rttChanges(snap({}), sent);
    expect(sent.size).toBe(0);
    expect(rttChanges(snap({ a: 5 }), sent)).toEqual({ a: 5 });
  });
});
