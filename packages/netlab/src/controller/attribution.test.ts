import { describe, expect, it } from 'vitest';
import type { Fault, LabClient } from '../types.js';
import { clientForDetection, clientOfUser, detectedEvent, notifiedEvent } from './attribution.js';
import { FaultBook } from './fault-book.js';

const client = (id: string, user: string, address: string, kind: LabClient['kind'] = 'ws') => ({
  info: { id, user, kind, address, ns: '', state: 'connected', since: 0 } as LabClient,
  address,
});
const lasting = { fidelity: 'kernel' as const, instant: false, heal: async () => undefined };
/** A fault on `target` as the lab books it. */
const fault = (
  id: string,
  kind: Fault['kind'],
  target: string,
  startedAt: number,
  endedAt?: number,
): Fault => ({
  id,
  kind,
  targets: [target],
  params: {},
  fidelity: 'kernel',
  startedAt,
  ...(endedAt === undefined ? {} : { endedAt }),
});

describe('attribution', () => {
  const a1 = client('c1', 'alice', '10.1.0.11');
  const a2 = client('c2', 'alice', '10.1.0.12');
  const faults = new FaultBook();
  faults.record(fault('f1', 'blackhole', 'c2', 1000), lasting);

  const uplink = '10.1.0.1';

  it('finds the client of a detection by the remote address the board saw', () => {
    expect(clientForDetection([a1, a2], faults, { user: 'alice', remoteIp: '10.1.0.11' }, [uplink])).toBe(a1);
    // The address decides, not the user the record names.
    expect(clientForDetection([a1, a2], faults, { user: 'bob', remoteIp: '10.1.0.12' }, [uplink])).toBe(a2);
  });

  it("never blames a virtual client for the lab's own connections (board watch, panel proxy)", () => {
    // The panel framed in the lab UI closes: the board detects alice's connection from the uplink.
    expect(
      clientForDetection([a1, a2], faults, { user: 'alice', remoteIp: uplink }, [uplink]),
    ).toBeUndefined();
    // Any other address no client has is someone else's connection, not a client of that user.
    expect(
      clientForDetection([a1, a2], faults, { user: 'alice', remoteIp: '10.1.0.99' }, [uplink]),
    ).toBeUndefined();
    expect(clientForDetection([a1, a2], faults, { user: 'alice', remoteIp: uplink })).toBeUndefined();
  });

  it("counts only the end of the client's own link, not of the sockets that loaded its page", () => {
    const browser = client('b1', 'carol', '10.1.0.21', 'browser');
    const poller = client('p1', 'dave', '10.1.0.22', 'http');
    const raw = client('t1', 'erin', '10.1.0.23', 'tcp');
    const at = (ip: string, transport: 'ws' | 'sse' | 'http') => ({ remoteIp: ip, transport });
    const all = [browser, poller, raw];
    // A browser's keep-alive sockets close around the time its WebSocket joins: not its death.
    expect(clientForDetection(all, faults, at('10.1.0.21', 'http'))).toBeUndefined();
    expect(clientForDetection(all, faults, at('10.1.0.21', 'ws'))).toBe(browser);
    expect(clientForDetection(all, faults, at('10.1.0.22', 'http'))).toBe(poller);
    expect(clientForDetection(all, faults, at('10.1.0.23', 'sse'))).toBe(raw); // raw TCP reads the stream
    expect(clientForDetection(all, faults, at('10.1.0.23', 'ws'))).toBeUndefined();
    // A record without a transport (older boards) still counts.
    expect(clientForDetection(all, faults, { remoteIp: '10.1.0.21' })).toBe(browser);
  });

  it('falls back to the user only where addresses are unknown', () => {
    // Docker engine: clients adopted without an address; the faulted one of that user first.
    const d1 = client('d1', 'alice', '');
    const d2 = client('c2', 'alice', '');
    expect(clientForDetection([d1, d2], faults, { user: 'alice', remoteIp: '172.18.0.5' })).toBe(d2);
    expect(clientForDetection([d1, d2], faults, { user: 'bob', remoteIp: '172.18.0.5' })).toBeUndefined();
    expect(
      clientForDetection([d1, d2], faults, { user: 'alice', remoteIp: uplink }, [uplink]),
    ).toBeUndefined();
    // A record without a remote cannot be matched by address.
    expect(clientForDetection([a1, a2], faults, { user: 'alice' }, [uplink])).toBe(a2);
    expect(clientForDetection([a1, a2], faults, {}, [uplink])).toBeUndefined();
  });

  it("attributes an observer's report by user, the faulted client first", () => {
    expect(clientOfUser([a1, a2], faults, 'alice')).toBe(a2);
    expect(clientOfUser([a1], faults, 'alice')).toBe(a1);
    expect(clientOfUser([a1, a2], faults, 'bob')).toBeUndefined();
    expect(clientOfUser([a1, a2], faults)).toBeUndefined();
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

  it('a detection while its fault was being applied (before its command was done) is that fault’s, at 0 ms', () => {
    const book = new FaultBook();
    const c3 = client('c3', 'carol', '10.1.0.13');
    book.record(fault('f3', 'rst', 'c3', 2000), lasting, undefined, 1800);
    const d = { state: 'offline' as const, cause: 'rst', lastHeardAt: 1900, detectedAt: 1950 };
    expect(detectedEvent(d, c3, book)).toMatchObject({ faultId: 'f3', latencyMs: 0 });
    // Before the lab began applying it: not this fault's.
    expect(detectedEvent({ ...d, detectedAt: 1700 }, c3, book).latencyMs).toBe(-1);
    // A fault already in effect on the client explains it first.
    book.record(fault('f4', 'blackhole', 'c3', 1000), lasting);
    expect(detectedEvent(d, c3, book)).toMatchObject({ faultId: 'f4', latencyMs: 950 });
  });

  it('a fault healed before the next one on the same client does not take its detection', () => {
    const book = new FaultBook();
    const c4 = client('c4', 'dave', '10.1.0.14');
    book.record(fault('old', 'blackhole', 'c4', 1000, 1500), lasting);
    book.record(fault('new', 'rst', 'c4', 3000), lasting, undefined, 2980);
    const d = { state: 'offline' as const, cause: 'rst', lastHeardAt: 2900, detectedAt: 2990 };
    // Noticed while the rst was being applied: the rst's, at 0 ms (not the healed blackhole's).
    expect(detectedEvent(d, c4, book)).toMatchObject({ faultId: 'new', latencyMs: 0 });
    // A late record of the healed one, before anything else was applied: still the old fault's.
    expect(detectedEvent({ ...d, cause: 'user-timeout', detectedAt: 2000 }, c4, book)).toMatchObject({
      faultId: 'old',
      latencyMs: 1000,
    });
  });

  it('keeps healed faults for measuring, but lists only active ones', () => {
    const book = new FaultBook();
    book.record(fault('f2', 'loss', 'c1', 5), lasting);
    expect(book.activeIds()).toEqual(['f2']);
    expect(book.take('f2')).toBeDefined();
    expect(book.activeIds()).toEqual([]);
    expect(book.latestFor('c1')?.id).toBe('f2');
    expect(book.take('f2')).toBeUndefined();
  });
});
