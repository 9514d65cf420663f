import { describe, expect, it } from 'vitest';
import { deriveTcpSettings, LIVENESS_DEFAULTS, resolveLivenessOptions } from './options.js';

describe('deriveTcpSettings', () => {
  it('default 2000 ms budget: keepalive 1 s / 1 s, one probe, user timeout 1300 ms', () => {
    expect(deriveTcpSettings(2000)).toEqual({
      keepIdleS: 1,
      keepIntvlS: 1,
      keepCnt: 1,
      userTimeoutMs: 1300,
      idleDetectMaxMs: 2000,
    });
  });

  it('for every budget the idle abort tick lands within the budget and after the user timeout', () => {
    for (let budget = 2000; budget <= 30_000; budget += 100) {
      const s = deriveTcpSettings(budget);
      const tick = (s.keepIdleS + s.keepCnt * s.keepIntvlS) * 1000;
      expect({ budget, ok: tick <= budget && tick >= s.userTimeoutMs && s.userTimeoutMs < budget }).toEqual({
        budget,
        ok: true,
      });
      expect(s.keepIdleS).toBeGreaterThanOrEqual(1);
      expect(s.keepIntvlS).toBeGreaterThanOrEqual(1);
    }
  });

  it('bigger budgets buy more keepalive probes (fewer false alarms on loss)', () => {
    expect(deriveTcpSettings(3000).keepCnt).toBe(2);
    expect(deriveTcpSettings(4000).keepCnt).toBe(3);
  });
});

describe('resolveLivenessOptions', () => {
  it('spreads defaults', () => {
    const r = resolveLivenessOptions();
    expect(r).toMatchObject({
      tcpBudgetMs: 2500,
      tune: true,
      sampleIntervalMs: 1000,
      writeHeartbeat: null,
      heartbeat: LIVENESS_DEFAULTS.heartbeat,
      terminateOnDead: true,
    });
    expect(r.preset).toBe('lan-fast');
    expect(r.tcp).toMatchObject({ rtoMinUs: 10_000, rtoMaxMs: 1000 });
    expect(resolveLivenessOptions({ heartbeat: { timeoutMs: 2000 } }).heartbeat).toEqual({
      intervalMs: 200,
      suspectAfterMs: 300,
      timeoutMs: 2000,
    });
  });

  it("a heartbeat timeout of the user's own is a floor for every verdict, the kernel's too", () => {
    expect(resolveLivenessOptions().deadFloorMs).toBe(0);
    expect(resolveLivenessOptions({ heartbeat: { timeoutMs: 450 } }).deadFloorMs).toBe(0); // the preset's
    const own = resolveLivenessOptions({
      heartbeat: { intervalMs: 250, suspectAfterMs: 500, timeoutMs: 3000 },
    });
    expect(own.deadFloorMs).toBe(3000);
    expect(own.kernelBeat).toMatchObject({ intervalMs: 220, userTimeoutMs: 3000 });
    expect(resolveLivenessOptions().kernelBeat).toMatchObject({ userTimeoutMs: 230 });
  });

  it('maps each preset to its numbers; explicit numbers win', () => {
    const wifi = resolveLivenessOptions({ preset: 'wifi-tolerant' });
    expect(wifi).toMatchObject({ tcpBudgetMs: 3000, heartbeat: { intervalMs: 250, timeoutMs: 900 } });
    expect(wifi.probe.falseDeadPerHour).toBe(0.001);
    const cell = resolveLivenessOptions({ preset: 'cellular', tcpBudgetMs: 4000 });
    expect(cell).toMatchObject({ tcpBudgetMs: 4000, heartbeat: { intervalMs: 1000, timeoutMs: 3000 } });
    expect(cell.tcp.rtoMinUs).toBeUndefined(); // the kernel's own floor on mobile links
    expect(() => resolveLivenessOptions({ preset: 'fast' as never })).toThrow(
      new TypeError('preset must be one of lan-fast, wifi-tolerant, cellular'),
    );
  });

  it.each([
    [{ tcpBudgetMs: 1999 }, 'tcpBudgetMs must be an integer >= 2000 (keepalive works in whole seconds)'],
    [{ tcpBudgetMs: 2500.5 }, 'tcpBudgetMs must be an integer >= 2000 (keepalive works in whole seconds)'],
    [{ sampleIntervalMs: 50 }, 'sampleIntervalMs must be 0 (off) or an integer >= 100'],
    [{ sampleIntervalMs: -1 }, 'sampleIntervalMs must be 0 (off) or an integer >= 100'],
    [{ heartbeat: { intervalMs: 10 } }, 'heartbeat.intervalMs must be an integer >= 50'],
    [{ heartbeat: { suspectAfterMs: 200 } }, 'heartbeat.suspectAfterMs must be > heartbeat.intervalMs'],
    [{ heartbeat: { timeoutMs: 300 } }, 'heartbeat.timeoutMs must be > heartbeat.suspectAfterMs'],
    [
      { writeHeartbeat: { intervalMs: 10, write: () => {} } },
      'writeHeartbeat.intervalMs must be an integer >= 50',
    ],
    [
      { tcpBudgetMs: 2000, writeHeartbeat: { intervalMs: 600, write: () => {} } },
      'writeHeartbeat.intervalMs must be <= tcpBudgetMs / 4',
    ],
    [{ writeHeartbeat: { write: 'x' as unknown as () => void } }, 'writeHeartbeat.write must be a function'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveLivenessOptions(options)).toThrow(new TypeError(message));
  });

  it('a write heartbeat takes its interval out of the user timeout, keeping the budget', () => {
    const write = () => {};
    // lan-fast's 2500 ms budget: user timeout 1800 ms, minus the 250 ms write interval.
    expect(resolveLivenessOptions({ writeHeartbeat: { write } }).tcp.userTimeoutMs).toBe(1800 - 250);
    expect(
      resolveLivenessOptions({ tcpBudgetMs: 4000, writeHeartbeat: { write, intervalMs: 1000 } }).tcp
        .userTimeoutMs,
    ).toBe(deriveTcpSettings(4000).userTimeoutMs - 1000);
    expect(
      resolveLivenessOptions({ tcpBudgetMs: 2000, writeHeartbeat: { write, intervalMs: 500 } }).tcp
        .userTimeoutMs,
    ).toBe(800);
  });

  it('sampleIntervalMs 0 turns sampling off', () => {
    expect(resolveLivenessOptions({ sampleIntervalMs: 0 }).sampleIntervalMs).toBe(0);
  });
});
