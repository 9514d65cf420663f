import { describe, expect, it } from 'vitest';
import { sameHostCasualties, SILENT_CAUSES, type HostConnection } from './same-host.js';

const ws: HostConnection & { cause: string } = {
  id: 'ws-12',
  user: 'alice',
  remote: '10.0.0.5',
  lastHeardAt: 1000,
  cause: 'heartbeat-timeout',
};
const conn = (id: string, over: Partial<HostConnection> = {}): HostConnection => ({
  id,
  user: 'alice',
  remote: '10.0.0.5',
  lastHeardAt: 400,
  ...over,
});
const ids = (list: HostConnection[]) => list.map((c) => c.id);

describe('sameHostCasualties', () => {
  it("a silent death takes the user's connections from that address not heard since its lastHeardAt", () => {
    const others = [conn('http-3'), conn('sse-4', { lastHeardAt: 1000 }), conn('ws-12')];
    expect(ids(sameHostCasualties(ws, others))).toEqual(['http-3', 'sse-4']);
  });

  it('NAT: a connection from the same address heard after that moment is alive (another device)', () => {
    const others = [
      conn('http-3', { lastHeardAt: 1001 }),
      conn('ws-20', { lastHeardAt: 1890 }),
      conn('http-5'),
    ];
    expect(ids(sameHostCasualties(ws, others))).toEqual(['http-5']);
  });

  it("leaves other addresses and other users' connections alone", () => {
    const others = [conn('http-3', { remote: '10.0.0.6' }), conn('http-4', { user: 'bob' })];
    expect(sameHostCasualties(ws, others)).toEqual([]);
  });

  it('compares normalized addresses (IPv4-mapped IPv6)', () => {
    expect(ids(sameHostCasualties(ws, [conn('http-3', { remote: '::ffff:10.0.0.5' })]))).toEqual(['http-3']);
  });

  it.each([...SILENT_CAUSES])('%s is a silent cause', (cause) => {
    expect(ids(sameHostCasualties({ ...ws, cause }, [conn('http-3')]))).toEqual(['http-3']);
  });

  it.each(['fin', 'rst', 'tcp-state', 'close', 'disconnected'])(
    '%s is per connection: nothing else dies',
    (cause) => {
      expect(sameHostCasualties({ ...ws, cause }, [conn('http-3')])).toEqual([]);
    },
  );

  it('keeps the callers objects (so extra fields come back)', () => {
    const other = { ...conn('http-3'), socket: 'handle' };
    expect(sameHostCasualties(ws, [other])[0]).toBe(other);
  });
});
