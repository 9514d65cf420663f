import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyFault } from '@pulseboard/harness/faults/index';
import type { Lab } from '@pulseboard/harness/ns/index';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import type { TestServer } from './testing/harness.js';
import { NsClient } from './testing/ns-client-handle.js';
import { passwordOf, startNsServer, userState, type NsServer } from './testing/ns-server.js';

// A browser that recently fetched something holds a WebSocket (heartbeat, ~0.9 s) and an idle
// HTTP keep-alive connection (TCP budget, ~2 s) from the same address. alice is both, in one
// namespace; bob watches over a WebSocket from his. Her HTTP socket is not a connection of its
// own while her WebSocket lives (app/http-connections.ts: an HTTP client counts only when it has
// nothing else), so when her network is cut (blackhole: no FIN, no RST), her WebSocket's
// heartbeat timeout is the whole story: bob is told "offline" at WebSocket speed instead of
// waiting for the TCP budget.

describeAsRoot('a browser over real namespaces: its idle HTTP keep-alive never holds it online', () => {
  let ns: NsServer;
  let lab: Lab;
  let t: TestServer;
  let url: string;

  beforeAll(async () => {
    ns = await startNsServer('pbq', ['alice', 'bob'], { tcpBudgetMs: 2000 });
    ({ lab, t, url } = ns);
  });
  afterAll(() => ns?.close());

  it("B is told a browser-like client (WebSocket + idle HTTP keep-alive) is offline within ~1 s of its network's cut", async () => {
    const bob = new NsClient(lab.host('bob'), url, 'bob', passwordOf('bob'));
    await bob.next((e) => e.event.type === 'hello');
    const aliceWs = new NsClient(lab.host('alice'), url, 'alice', passwordOf('alice'));
    const aliceHttp = new NsClient(lab.host('alice'), url, 'alice', passwordOf('alice'), 'http');
    try {
      await aliceWs.next((e) => e.event.type === 'hello');
      expect((await aliceHttp.next((e) => e.event.type === 'response')).event.status).toBe(200);
      const connections = () =>
        t.server.services.presence.snapshot().users.find((u) => u.name === 'alice')?.connections ?? [];
      expect(
        connections()
          .map((c) => [c.transport, c.remote])
          .sort(),
      ).toEqual([['ws', lab.host('alice').address]]);
      // Let the HTTP connection go idle (keepalive probes only), well inside node:http's 5 s.
      await new Promise((r) => setTimeout(r, 1200));

      const fault = await applyFault(lab.host('alice'), { kind: 'blackhole' });
      try {
        const seen = await bob.next(userState('alice', 'offline'), 10_000);
        const dead = t
          .logLines()
          .filter((l) => l.event === 'detection' && l.user === 'alice' && l.state === 'dead');
        const ws = dead.find((l) => l.transport === 'ws');
        const http = dead.find((l) => l.transport === 'http');
        const toldMs = seen.recvAt - fault.effectiveAt;
        const after = (l?: Record<string, unknown>) =>
          l ? (l.detectedAt as number) - fault.effectiveAt : null;
        console.info(
          `browser cut: ws detected ${after(ws)} ms after the cut (${String(ws?.cause)}), ` +
            `bob told "offline" ${toldMs} ms after the cut`,
        );
        expect(toldMs).toBeLessThan(1600);
        // The kernel-judged beat (user-timeout) where the RTO floor can be lowered, else pings.
        expect(ws).toMatchObject({ cause: expect.stringMatching(/^(user-timeout|heartbeat-timeout)$/) });
        expect(http).toBeUndefined(); // never a connection, so nothing to detect
        expect(connections()).toEqual([]);
        // The normal path: metrics and the detection event.
        const metrics = await t.server.services.metrics.registry.metrics();
        expect(metrics).toMatch(new RegExp(`pulseboard_dead_total\\{cause="${String(ws!.cause)}"\\} 1`));
        const told = bob.events.filter((e) => e.event.type === 'detection' && e.event.state === 'dead');
        expect(told.map((e) => e.event.transport)).toEqual(['ws']);
      } finally {
        await fault.heal();
      }
    } finally {
      for (const c of [aliceWs, aliceHttp, bob]) c.child.kill('SIGKILL');
    }
  });
});
