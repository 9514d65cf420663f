import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFault } from '@pulseboard/harness/faults/index';
import type { Lab } from '@pulseboard/harness/ns/index';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import type { TestServer } from './testing/harness.js';
import { NsClient } from './testing/ns-client-handle.js';
import { passwordOf, startNsServer, userState, type NsServer } from './testing/ns-server.js';

// alice is a plain HTTP keep-alive client (one authenticated GET, then an idle pooled
// connection) in her own namespace; bob watches over a WebSocket from his. Silencing alice's
// network while her connection is idle (blackhole: no FIN, no RST) must be found by the TCP
// budget (keepalive + TCP_USER_TIMEOUT; HTTP has no heartbeat) and reach bob as a presence change.

describeAsRoot('HTTP keep-alive presence over real namespaces', () => {
  let ns: NsServer;
  let lab: Lab;
  let t: TestServer;
  let url: string;
  const tcpBudgetMs = 2000;

  beforeAll(async () => {
    ns = await startNsServer('pbh', ['alice', 'bob'], { tcpBudgetMs });
    ({ lab, t, url } = ns);
  });
  afterAll(() => ns?.close());

  it('B sees an idle HTTP keep-alive client go offline within the TCP budget + 1 s after its network is cut', async () => {
    const bob = new NsClient(lab.host('bob'), url, 'bob', passwordOf('bob'));
    await bob.next((e) => e.event.type === 'hello');
    const alice = new NsClient(lab.host('alice'), url, 'alice', passwordOf('alice'), 'http');
    try {
      const response = await alice.next((e) => e.event.type === 'response');
      expect(response.event.status).toBe(200);
      await bob.next(userState('alice', 'online'));
      const http = t.server.services.presence.snapshot().users.find((u) => u.name === 'alice')?.connections;
      expect(http).toEqual([
        expect.objectContaining({ transport: 'http', remote: lab.host('alice').address }),
      ]);

      // Idle now (node:http would close the socket itself after 5 s of idleness).
      const fault = await applyFault(lab.host('alice'), { kind: 'blackhole' });
      try {
        const seen = await bob.next(userState('alice', 'offline'), 10_000);
        const detection = t
          .logLines()
          .find((l) => l.event === 'detection' && l.user === 'alice' && l.state === 'dead');
        expect(detection).toMatchObject({
          transport: 'http',
          cause: expect.stringMatching(/^(keepalive-timeout|user-timeout)$/),
          lastHeardAt: expect.any(Number),
        });
        const detectedAt = detection!.detectedAt as number;
        console.info(
          `http keep-alive blackhole: detected ${detectedAt - fault.effectiveAt} ms after the cut ` +
            `(${String(detection!.cause)}, ${String(detection!.detail)}), bob told ${seen.recvAt - detectedAt} ms after detection`,
        );
        expect(detectedAt - fault.effectiveAt).toBeLessThan(tcpBudgetMs + 1000);
        expect(seen.recvAt - fault.effectiveAt).toBeLessThan(tcpBudgetMs + 1000);
        // The same path as ws/sse: metrics and the detection event.
        const metrics = await t.server.services.metrics.registry.metrics();
        expect(metrics).toMatch(
          new RegExp(`pulseboard_dead_total\\{cause="${String(detection!.cause)}"\\} 1`),
        );
        expect(bob.events.some((e) => e.event.type === 'detection' && e.event.transport === 'http')).toBe(
          true,
        );
        expect(
          t.server.services.presence.snapshot().users.find((u) => u.name === 'alice')?.connections,
        ).toEqual([]);
      } finally {
        await fault.heal();
      }
    } finally {
      alice.child.kill('SIGKILL');
      bob.child.kill('SIGKILL');
    }
  });
});
