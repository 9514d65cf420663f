import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetLibcForTests } from '../net/libc.js';
import { loopbackSockets } from '../testing/loopback.js';
import { LinkEstimate } from './link-estimate.js';
import { deriveTcpSettings, resolveLivenessOptions } from './options.js';
import { attachSocket, ConnectionWatch, watchSocket } from './socket-watch.js';
import type { LivenessSnapshot } from './types.js';

// Real loopback sockets: FIN and RST are delivered by the kernel, no namespaces needed.
describe('watchSocket on loopback', () => {
  const { pair } = loopbackSockets();
  const watches: ConnectionWatch[] = [];
  afterEach(() => {
    for (const w of watches.splice(0)) w.close();
  });
  const deadOf = (w: ConnectionWatch) => new Promise<LivenessSnapshot>((r) => w.once('dead', r));

  it('samples TCP_INFO at the period its scheduler paces (a crowd stretches it)', async () => {
    const { accepted } = await pair();
    const dueIn: number[] = [];
    for (const pace of [1, 2.5]) {
      const w = new ConnectionWatch();
      watches.push(w);
      const opts = resolveLivenessOptions({});
      const scheduler = {
        schedule: (_: unknown, at: number) => dueIn.push(Math.round((at - Date.now()) / 100) * 100),
        cancel: () => {},
        pace: () => pace,
      };
      attachSocket(w, accepted, opts, {
        kernelEvidence: false,
        sampleEveryMs: 5000,
        estimate: new LinkEstimate(opts.probe.prior),
        scheduler: () => scheduler,
      });
    }
    expect(dueIn).toEqual([5000, 12_500]);
  });

  it('tunes the socket from the budget (read back from the kernel)', async () => {
    const { accepted } = await pair();
    const w = watchSocket(accepted, { tcpBudgetMs: 4000 });
    watches.push(w);
    const { idleDetectMaxMs: _, ...expected } = deriveTcpSettings(4000);
    expect(w.tune).toMatchObject({ ffi: true, errors: [], applied: { keepalive: true, ...expected } });
  });

  it('a graceful close is fin, with detectedAt and a sampled RTT', async () => {
    const { client, accepted } = await pair();
    const w = watchSocket(accepted);
    watches.push(w);
    const dead = deadOf(w);
    client.end();
    const s = await dead;
    expect(s).toMatchObject({ state: 'dead', cause: 'fin' });
    expect(s.detectedAt).toBeGreaterThanOrEqual(s.since);
    expect(s.rttMs).not.toBeNull();
  });

  it('without FFI it still detects, and says the socket got only Node keepalive', async () => {
    process.env.PULSEBOARD_NO_FFI = '1';
    resetLibcForTests();
    try {
      const { client, accepted } = await pair();
      const w = watchSocket(accepted);
      watches.push(w);
      expect(w.tune).toEqual({
        ffi: false,
        applied: { keepalive: true, keepIdleS: 1 },
        errors: ['disabled by PULSEBOARD_NO_FFI=1'],
      });
      const dead = deadOf(w);
      client.resetAndDestroy();
      expect(await dead).toMatchObject({ cause: 'rst', rttMs: null });
    } finally {
      delete process.env.PULSEBOARD_NO_FFI;
      resetLibcForTests();
    }
  });

  it('a reset is rst', async () => {
    const { client, accepted } = await pair();
    const w = watchSocket(accepted);
    watches.push(w);
    const dead = deadOf(w);
    client.resetAndDestroy();
    expect(await dead).toMatchObject({ cause: 'rst', detail: 'ECONNRESET' });
  });

  it('after close() a peer closing is not reported', async () => {
    const { client, accepted } = await pair();
    const w = watchSocket(accepted);
    const onDead = vi.fn();
    w.on('dead', onDead);
    w.close();
    client.end();
    await new Promise((r) => accepted.once('close', r));
    expect(onDead).not.toHaveBeenCalled();
  });

  it('bytes received count as heard', async () => {
    const { client, accepted } = await pair();
    const w = watchSocket(accepted, { sampleIntervalMs: 100 });
    watches.push(w);
    accepted.resume();
    await new Promise((r) => setTimeout(r, 150));
    const before = w.snapshot().lastHeardAt;
    client.write('x');
    // Idle connections are sampled once per keepalive cycle (keepIdle + a probe-wait).
    await new Promise((r) => setTimeout(r, 1500));
    expect(w.snapshot().lastHeardAt).toBeGreaterThan(before);
  });

  it('writeHeartbeat writes only when the stream was quiet for its interval', async () => {
    const { client, accepted } = await pair();
    const write = vi.fn(() => accepted.write(':\n\n'));
    const w = watchSocket(accepted, { writeHeartbeat: { intervalMs: 50, write } });
    watches.push(w);
    let received = '';
    client.on('data', (d) => (received += String(d)));
    await new Promise((r) => setTimeout(r, 180));
    expect(write.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(received.startsWith(':\n\n')).toBe(true);
    // A busy stream needs no heartbeat.
    const busy = setInterval(() => accepted.write('data\n'), 10);
    await new Promise((r) => setTimeout(r, 60));
    write.mockClear();
    await new Promise((r) => setTimeout(r, 200));
    clearInterval(busy);
    expect(write).not.toHaveBeenCalled();
  });
});
