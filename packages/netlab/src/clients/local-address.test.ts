import { describe, expect, it } from 'vitest';
import { localAddressTo } from './local-address.js';
import { helloReport, type ClientConfig } from './protocol.js';

const cfg: ClientConfig = {
  id: 'c1',
  kind: 'ws',
  url: 'http://127.0.0.1:8080',
  user: 'alice',
  password: 'pw',
  socket: '/tmp/hub.sock',
  ns: 'docker',
};

describe('the address in hello', () => {
  it('is the source address toward the board (loopback for a board on loopback)', async () => {
    expect(await localAddressTo('http://127.0.0.1:8080')).toBe('127.0.0.1');
    expect(await localAddressTo('http://127.0.0.2')).toBe('127.0.0.1');
    expect(await localAddressTo('http://localhost:8080')).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('is undefined when the board cannot be resolved', async () => {
    expect(await localAddressTo('http://no-such-board.invalid:8080', 500)).toBeUndefined();
  });

  it('is carried by the hello report, and left out when unknown', () => {
    expect(helloReport(cfg, 42, '172.18.0.3')).toEqual({
      t: 'hello',
      id: 'c1',
      pid: 42,
      kind: 'ws',
      user: 'alice',
      address: '172.18.0.3',
    });
    expect(helloReport(cfg, 42, undefined)).toEqual({
      t: 'hello',
      id: 'c1',
      pid: 42,
      kind: 'ws',
      user: 'alice',
    });
    expect('address' in helloReport(cfg, 42)).toBe(false);
  });
});
