import type { Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenInNamespace } from '@pulseboard/harness/ns/listen';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { connectInNamespace, udpDelivered } from '../net/ns-socket.js';
import { newRunId } from '../net/names.js';
import type { Host } from '../net/topology.js';
import type { FaultKind, FaultParams } from '../types.js';
import { labRunsDir } from '../util/paths.js';
import { join } from 'node:path';
import { applyPlan } from './engine.js';
import { NamespaceEngine } from './namespaces.js';
import { validateParams } from './plan.js';

// Each fault, planned and run by the namespace engine, verified on the wire between two real
// hosts of the lab network.
describeAsRoot('namespace engine: faults on the wire', () => {
  // Under the repo, so the bundled relay resolves its node_modules (ffi-rs).
  const engine = new NamespaceEngine({
    prefix: 'pbx',
    runId: newRunId(),
    runDir: join(labRunsDir, `pbx-faults-${process.pid}`),
    cleanFirst: false,
    processes: () => [],
    netem: () => false,
    log: () => undefined,
  });
  let a: Host;
  let b: Host;
  let server: Server;
  let n = 0;
  const accepted: Socket[] = [];

  beforeAll(async () => {
    await engine.start({ root: true, netem: false, docker: false, tun: true, chromium: false, missing: [] });
    [a, b] = (await engine.addHosts(['a', 'b'])) as [Host, Host];
    server = await listenInNamespace(b.ns, b.address, 7000);
    // Echo server in host b: every byte comes straight back.
    server.on('connection', (s) => {
      accepted.push(s);
      s.on('error', () => undefined);
      s.on('data', (d) => s.write(d));
    });
  });
  afterAll(async () => {
    server?.close();
    for (const s of accepted) s.destroy();
    await engine.stop();
  });

  async function apply(kind: FaultKind, params: FaultParams = {}, targets = ['a']) {
    const plan = await engine.plan(`t${++n}`, kind, targets, params);
    return { fidelity: plan.fidelity, ...(await applyPlan(engine, plan)) };
  }

  /** Round trip of one byte over a fresh connection from a to b, or undefined on timeout. */
  async function echoRtt(sock: Socket, timeoutMs = 1500): Promise<number | undefined> {
    return new Promise((resolve) => {
      const t0 = performance.now();
      const timer = setTimeout(() => {
        sock.off('data', onData);
        resolve(undefined);
      }, timeoutMs);
      const onData = () => {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      };
      sock.once('data', onData);
      sock.write('x');
    });
  }

  it('blackhole: nothing crosses, and it heals', async () => {
    const sock = await connectInNamespace(a.ns, b.address, 7000);
    expect(await echoRtt(sock)).toBeDefined();
    const f = await apply('blackhole');
    expect(await echoRtt(sock, 800)).toBeUndefined();
    expect(await udpDelivered(a.ns, b.ns, b.address)).toBe(0);
    expect(await udpDelivered(b.ns, a.ns, a.address)).toBe(0);
    await f.heal();
    expect(await udpDelivered(a.ns, b.ns, b.address)).toBe(10);
    sock.destroy();
  });

  it('rst: the peer sees a reset', async () => {
    const sock = await connectInNamespace(a.ns, b.address, 7000);
    await echoRtt(sock);
    const serverSide = accepted.at(-1)!;
    const f = await apply('rst');
    const err = new Promise<string>((r) =>
      serverSide.once('error', (e: NodeJS.ErrnoException) => r(e.code ?? '')),
    );
    serverSide.write('hello'); // the next segment from b is answered with a RST by a's host
    expect(await err).toBe('ECONNRESET');
    await f.heal();
    sock.destroy();
  });

  it('cable-pull: link down on the switch, nothing crosses until healed', async () => {
    const f = await apply('cable-pull');
    expect(await udpDelivered(a.ns, b.ns, b.address)).toBe(0);
    await f.heal();
    await new Promise((r) => setTimeout(r, 200));
    // >= 10: datagrams queued while the link was down may be flushed once it is back.
    expect(await udpDelivered(a.ns, b.ns, b.address)).toBeGreaterThanOrEqual(10);
  });

  it('delay 60±10 ms (userspace relay): measured RTT within tolerance', async () => {
    const sock = await connectInNamespace(a.ns, b.address, 7000);
    const base = (await echoRtt(sock))!;
    const f = await apply('delay', { delayMs: 60, jitterMs: 10 });
    expect(f.fidelity).toBe('userspace');
    const samples: number[] = [];
    for (let i = 0; i < 8; i++) samples.push((await echoRtt(sock))!);
    await f.heal();
    const mean = samples.reduce((x, y) => x + y, 0) / samples.length;
    expect(mean - base).toBeGreaterThan(45);
    expect(mean - base).toBeLessThan(110); // timers on a loaded 2-CPU machine run late
    expect(Math.min(...samples)).toBeGreaterThan(45);
    expect((await echoRtt(sock))!).toBeLessThan(20);
    sock.destroy();
  });

  it('bandwidth 800 kbit: 100 kB takes about a second', async () => {
    const sock = await connectInNamespace(a.ns, b.address, 7000);
    const f = await apply('bandwidth', { rateKbit: 800 });
    const t0 = performance.now();
    let got = 0;
    await new Promise<void>((r) => {
      sock.on('data', (d) => (got += d.length) >= 100_000 && r());
      sock.write(Buffer.alloc(100_000, 1));
    });
    const ms = performance.now() - t0;
    await f.heal();
    // 800 kbit/s = 100 kB/s each way; echo shapes both directions (pipelined).
    expect(ms).toBeGreaterThan(700);
    expect(ms).toBeLessThan(4000);
    sock.destroy();
  });

  it('partition is one-way when the map says so', async () => {
    const f = await apply('partition', { map: { a: ['b'] } }, []);
    expect(await udpDelivered(a.ns, b.ns, b.address)).toBe(0);
    expect(await udpDelivered(b.ns, a.ns, a.address)).toBe(10);
    await f.heal();
    expect(await udpDelivered(a.ns, b.ns, b.address)).toBe(10);
  });

  it('loss 50%: some but not all datagrams cross', async () => {
    const f = await apply('loss', { percent: 50 });
    const got = await udpDelivered(a.ns, b.ns, b.address);
    await f.heal();
    // 10 datagrams at 50%: P(0 or 10) ≈ 0.2%.
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(10);
  });

  it('a step took effect when its command was done, not when it was started (as the Docker helper says)', async () => {
    const slow = { do: 'exec' as const, host: 'a', commands: [{ cmd: 'sleep', args: ['0.3'] }] };
    const asked = Date.now();
    const at = await engine.run([slow]);
    expect(at - asked).toBeGreaterThanOrEqual(290);
    expect(at).toBeLessThanOrEqual(Date.now());
  });
});

describe('fault parameters', () => {
  it('refuses a loss without a percentage', () => {
    expect(() => validateParams('loss', {})).toThrow(
      new TypeError('loss needs params.percent between 1 and 100'),
    );
    expect(() => validateParams('delay', { delayMs: -1 })).toThrow(
      new TypeError('delay needs params.delayMs >= 0'),
    );
  });
});
