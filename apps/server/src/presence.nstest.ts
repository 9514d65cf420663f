import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFault } from '@pulseboard/harness/faults/index';
import type { Lab } from '@pulseboard/harness/ns/index';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { startTestServer, type TestServer } from './testing/harness.js';
import { NsClient } from './testing/ns-client-handle.js';
import { passwordOf, startNsServer, userState, type NsServer } from './testing/ns-server.js';

// The server runs in this process (on the lab's bridge side); alice and bob are real client
// processes in their own namespaces. Cutting alice's cable (no FIN, no RST) must reach bob as
// a presence change, and must put the failsafe line alice switched back to its safe value.

const isOffline = (user: string) => userState(user, 'offline');

describeAsRoot('server presence over real namespaces', () => {
  let ns: NsServer;
  let lab: Lab;
  let t: TestServer;
  let url: string;

  beforeAll(async () => {
    ns = await startNsServer('pbs', ['alice', 'bob']);
    ({ lab, t, url } = ns);
  });
  afterAll(() => ns?.close());

  it('B sees A go offline after A’s network is cut (cable pulled: no FIN, no RST)', async () => {
    const alice = new NsClient(lab.host('alice'), url, 'alice', passwordOf('alice'));
    const bob = new NsClient(lab.host('bob'), url, 'bob', passwordOf('bob'));
    await Promise.all([
      alice.next((e) => e.event.type === 'hello'),
      bob.next((e) => e.event.type === 'hello'),
    ]);

    const fault = await applyFault(lab.host('alice'), { kind: 'cable-pull' });
    try {
      const seen = await bob.next(isOffline('alice'), 10_000);
      const detection = t
        .logLines()
        .find((l) => l.event === 'detection' && l.user === 'alice' && l.state === 'dead');
      expect(detection).toMatchObject({
        transport: 'ws',
        cause: expect.stringMatching(/heartbeat-timeout|user-timeout|keepalive-timeout/),
        lastHeardAt: expect.any(Number),
      });
      const detectedAt = detection!.detectedAt as number;
      console.info(
        `cable-pull: detected ${detectedAt - fault.appliedAt} ms after the cut (${String(detection!.cause)}), ` +
          `bob told ${seen.recvAt - detectedAt} ms after detection`,
      );
      // WS heartbeat (lan-fast): 200 ms beats, dead after at most 450 ms of silence.
      expect(detectedAt - fault.appliedAt).toBeLessThan(2000);
      // Pushed to every other session at once (the bound allows for a loaded 2-core machine).
      expect(seen.recvAt - detectedAt).toBeLessThan(300);
    } finally {
      await fault.heal();
    }
  });

  it('puts the failsafe line A switched back to safe and frees its lock when A loses power', async () => {
    const alice = new NsClient(lab.host('alice'), url, 'alice', passwordOf('alice'));
    const bob = new NsClient(lab.host('bob'), url, 'bob', passwordOf('bob'));
    await Promise.all([
      alice.next((e) => e.event.type === 'hello'),
      bob.next((e) => e.event.type === 'hello'),
    ]);
    const pump = () => t.server.services.controller.state().lines.find((l) => l.name === 'pump')?.value;

    // alice takes the board and switches the pump (a failsafe line, safe value 0) on.
    alice.send({ type: 'lock.take', id: 'lock' });
    await alice.next((e) => e.event.type === 'ack' && e.event.id === 'lock');
    alice.send({ type: 'operate', id: 'on', line: 'pump', value: 1 });
    await alice.next((e) => e.event.type === 'ack' && e.event.id === 'on');
    expect(pump()).toBe(1);

    const fault = await applyFault(lab.host('alice'), { kind: 'power-off' });
    try {
      const failsafe = await bob.next((e) => e.event.type === 'failsafe', 10_000);
      expect(failsafe.event.report).toMatchObject({ line: 'pump', user: 'alice', result: 'confirmed' });
      const report = failsafe.event.report as { faultToSafeMs: number | null; detectToSafeMs: number | null };
      console.info(`power-off: pump safe ${failsafe.recvAt - fault.appliedAt} ms after the fault`);
      expect(failsafe.recvAt - fault.appliedAt).toBeLessThan(3000);
      expect(report.detectToSafeMs).not.toBeNull();
      expect(pump()).toBe(0);
      expect(t.server.services.controller.locks()).toEqual([]);
      await bob.next((e) => e.event.type === 'lock' && (e.event.locks as unknown[]).length === 0);
    } finally {
      await fault.heal();
    }
  });

  it('detects a cut SSE client (curl in a namespace) by the TCP budget and tells the others', async () => {
    const bob = new NsClient(lab.host('bob'), url, 'bob', passwordOf('bob'));
    await bob.next((e) => e.event.type === 'hello');
    // curl is a real, non-Node SSE client; -N: print events as they arrive.
    const curl = lab
      .host('alice')
      .spawn('curl', ['-sN', '-u', `alice:${passwordOf('alice')}`, `${url}/api/events`], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    await new Promise<void>((resolve) => {
      let out = '';
      curl.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('event: hello')) resolve();
      });
    });
    bob.events.length = 0;
    const fault = await applyFault(lab.host('alice'), { kind: 'blackhole' });
    try {
      const seen = await bob.next(isOffline('alice'), 10_000);
      const detection = t
        .logLines()
        .find(
          (l) => l.event === 'detection' && l.user === 'alice' && l.transport === 'sse' && l.state === 'dead',
        );
      expect(detection).toBeDefined();
      const detectedAt = detection!.detectedAt as number;
      console.info(
        `sse blackhole: detected ${detectedAt - fault.appliedAt} ms after the cut (${String(detection!.cause)}), ` +
          `bob told ${seen.recvAt - detectedAt} ms after detection`,
      );
      // The write heartbeat keeps data in flight, so TCP_USER_TIMEOUT (1.5 s at the 2 s budget) fires.
      expect(detectedAt - fault.appliedAt).toBeLessThan(3000);
      expect(seen.recvAt - detectedAt).toBeLessThan(300);
    } finally {
      await fault.heal();
      curl.kill('SIGKILL');
    }
  });

  it('a short glitch shows A as suspect, then online again, and A keeps its lock (no false alarm)', async () => {
    // A server with a lenient verdict (dead after 3 s of silence), on its own listener: TCP
    // backs off retransmissions (200, 400, 800 ms…), so a healed link needs a moment.
    const lenient = await startTestServer({
      heartbeat: { intervalMs: 250, suspectAfterMs: 500, timeoutMs: 3000 },
    });
    const listener = await lab.listen();
    lenient.server.acceptFrom(listener);
    const lenientUrl = `http://${lab.serverAddress}:${(listener.address() as AddressInfo).port}`;
    try {
      const alice = new NsClient(lab.host('alice'), lenientUrl, 'alice', passwordOf('alice'));
      const bob = new NsClient(lab.host('bob'), lenientUrl, 'bob', passwordOf('bob'));
      await Promise.all([
        alice.next((e) => e.event.type === 'hello'),
        bob.next((e) => e.event.type === 'hello'),
      ]);
      alice.send({ type: 'lock.take', id: 'lock' });
      await alice.next((e) => e.event.type === 'ack' && e.event.id === 'lock');
      bob.events.length = 0;

      const fault = await applyFault(lab.host('alice'), { kind: 'blackhole' });
      const suspect = await bob.next(userState('alice', 'suspect'), 3000);
      const healedAt = Date.now();
      await fault.heal();
      const online = await bob.next(userState('alice', 'online'), 3000);
      console.info(
        `glitch: bob saw alice suspect ${suspect.recvAt - fault.appliedAt} ms after the cut, ` +
          `online ${online.recvAt - healedAt} ms after the heal`,
      );
      // Suspect after 500 ms of silence, not when the next application ping (every 2 s beside
      // the kernel beat) goes unanswered: the lost beat itself says it (generous bound).
      expect(suspect.recvAt - fault.appliedAt).toBeLessThan(1500);

      expect(bob.events.some(userState('alice', 'offline'))).toBe(false);
      expect(lenient.server.services.controller.locks()).toEqual([
        expect.objectContaining({ user: 'alice' }),
      ]);
    } finally {
      listener.close();
      await lenient.close();
    }
  });
});
