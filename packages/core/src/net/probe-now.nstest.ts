import type { Socket } from 'node:net';
import {
  cleanupLeftovers,
  createLab,
  spawnProbeClient,
  type Lab,
  type LabHost,
} from '@pulseboard/harness/ns/index';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probeNow } from './probe-now.js';
import { readTcpInfo } from './tcp-info.js';
import { tuneSocket } from './tune.js';

// The physics behind idle keepalive-only TCP detection (liveness README, "Idle keepalive-only
// TCP"), on real kernel TCP:
// - probeNow() sends a keepalive probe at once on a connection idle for >= keepIdle;
// - a peer answers keepalive probes (out-of-window segments) at most once per
//   net.ipv4.tcp_invalid_ratelimit (500 ms by default): when its ACK is lost, probes sent
//   sooner than that get no answer at all, however many we send.
// Cost: ~6 s (two 2.5 s probe runs).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeAsRoot('keepalive probes on demand (netns)', () => {
  let lab: Lab;
  const accepted: Socket[] = [];
  let port: number;
  beforeAll(async () => {
    await cleanupLeftovers('pbk');
    lab = await createLab({ prefix: 'pbk', hosts: 2 });
    const server = await lab.listen();
    port = (server.address() as { port: number }).port;
    server.on('connection', (s: Socket) => {
      s.on('error', () => {});
      accepted.push(s);
    });
  });
  afterAll(() => lab?.destroy());

  async function idleConnection(host: LabHost): Promise<Socket> {
    const before = accepted.length;
    const probe = spawnProbeClient(host, {
      server: lab.serverAddress,
      tcpPort: port,
      connections: [{ id: host.name, transport: 'tcp' }],
    });
    await probe.ready;
    while (accepted.length === before) await sleep(10);
    const socket = accepted.at(-1)!;
    // Keepalive on, but the kernel's own probes far away: only ours go out.
    tuneSocket(socket, { keepIdleS: 30, keepIntvlS: 30, keepCnt: 127, userTimeoutMs: 60_000 });
    return socket;
  }

  /** The client's ACKs are dropped on their way out, so the server never hears an answer. */
  async function dropClientAcks(host: LabHost): Promise<void> {
    await host.exec('nft', ['add', 'table', 'inet', 'pbk_acks']);
    await host.exec('nft', [
      'add',
      'chain',
      'inet',
      'pbk_acks',
      'out',
      '{ type filter hook output priority -10; policy accept; }',
    ]);
    await host.exec('nft', ['add', 'rule', 'inet', 'pbk_acks', 'out', 'tcp', 'flags', '== ack', 'drop']);
  }

  async function skipped(host: LabHost): Promise<number> {
    const out = await host.exec('nstat', ['-az', 'TcpExtTCPACKSkippedSeq']);
    return Number(/TcpExtTCPACKSkippedSeq\s+(\d+)/.exec(out)?.[1] ?? NaN);
  }

  async function probeFor(host: LabHost, socket: Socket): Promise<{ sent: number; unanswered: number }> {
    await sleep(1100); // idle >= keepIdle (1 s) as probeNow sees it
    await dropClientAcks(host);
    const skippedBefore = await skipped(host);
    let sent = 0;
    for (let t = 0; t < 2500; t += 100) {
      if (probeNow(socket, 1)) sent++;
      await sleep(100);
    }
    expect(readTcpInfo(socket)!.probes).toBeGreaterThanOrEqual(sent - 1); // none answered here
    const unanswered = (await skipped(host)) - skippedBefore;
    console.log(
      `${host.name}: ${sent} probes in 2.5 s, ${sent - unanswered} answered, ${unanswered} skipped`,
    );
    return { sent, unanswered };
  }

  it('a peer answers at most one probe per 500 ms (tcp_invalid_ratelimit), however many arrive', async () => {
    const host = lab.hosts[0]!;
    const { sent, unanswered } = await probeFor(host, await idleConnection(host));
    expect(sent).toBeGreaterThanOrEqual(20);
    // 2.5 s of probes every 100 ms: about 5 answered, the rest skipped by the peer.
    expect(sent - unanswered).toBeLessThanOrEqual(7);
    expect(unanswered).toBeGreaterThanOrEqual(sent - 7);
  });

  it('with the limit off on the peer, every probe is answered', async () => {
    const host = lab.hosts[1]!;
    await host.exec('sysctl', ['-qw', 'net.ipv4.tcp_invalid_ratelimit=0']);
    const { sent, unanswered } = await probeFor(host, await idleConnection(host));
    expect(sent).toBeGreaterThanOrEqual(20);
    expect(unanswered).toBe(0);
  });
});
