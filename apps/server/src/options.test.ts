import { describe, expect, it } from 'vitest';
import { defaultServerOptions, resolveServerOptions } from './options.js';

describe('resolveServerOptions', () => {
  it('spreads defaults, nested ones too', () => {
    const o = resolveServerOptions({ port: 0, heartbeat: { intervalMs: 100 } });
    expect(o.port).toBe(0);
    expect(o.maxUsers).toBe(10);
    expect(o.heartbeat).toEqual({ ...defaultServerOptions.heartbeat, intervalMs: 100 });
  });

  it('a liveness preset sets the TCP budget and heartbeat unless given', () => {
    const wifi = resolveServerOptions({ livenessPreset: 'wifi-tolerant' });
    expect(wifi.tcpBudgetMs).toBe(3000);
    expect(wifi.heartbeat).toEqual({ intervalMs: 250, suspectAfterMs: 500, timeoutMs: 900 });
    expect(resolveServerOptions({ livenessPreset: 'cellular', tcpBudgetMs: 2500 }).tcpBudgetMs).toBe(2500);
    expect(() => resolveServerOptions({ livenessPreset: 'lan' as never })).toThrow(
      new TypeError('options.livenessPreset must be one of lan-fast, wifi-tolerant, cellular'),
    );
  });

  it.each([
    [{ port: 70000 }, 'options.port must be an integer from 0 to 65535'],
    [{ maxUsers: 0 }, 'options.maxUsers must be a positive integer'],
    [{ dataDir: '' }, 'options.dataDir must be a non-empty string'],
    [{ graceMs: -1 }, 'options.graceMs must be an integer >= 0'],
    [{ tls: { cert: 'c', key: '' } }, 'options.tls needs both cert and key'],
    [
      { headersTimeoutMs: 5000, requestTimeoutMs: 1000 },
      'options.requestTimeoutMs must be >= options.headersTimeoutMs',
    ],
  ])('%j -> TypeError', (input, message) => {
    expect(() => resolveServerOptions(input)).toThrow(new TypeError(message));
  });
});
