import { createServer as createHttpServer } from 'node:http';
import type { Server, Socket } from 'node:net';
import { applyFault, type FaultKind } from '@pulseboard/harness/faults/index';
import {
  cleanupLeftovers,
  createLab,
  spawnProbeClient,
  type Lab,
  type LabHost,
} from '@pulseboard/harness/ns/index';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVENESS_DEFAULTS } from './options.js';
import { watchSocket, type ConnectionWatch } from './socket-watch.js';
import type { DeathCause, LivenessSnapshot } from './types.js';
import { watchWebSocket } from './ws-watch.js';

// Real kernel TCP: the server runs in this process with its listening sockets inside the lab's
// bridge namespace; each case has its own host namespace running a probe client, so the cases
// run concurrently without disturbing each other.
const BUDGET_MS = LIVENESS_DEFAULTS.tcpBudgetMs;
const WS_TIMEOUT_MS = LIVENESS_DEFAULTS.heartbeat.timeoutMs;
const SLACK_MS = 1000;
const STREAM_EVERY_MS = 50;

type Mode = 'idle' | 'stream';
type Transport = 'tcp' | 'ws';
interface Case {
  /** ws-ping: a WebSocket watched with the ping heartbeat only (beat: 'ping'). */
  transport: Transport | 'ws-ping';
  mode: Mode;
  fault: Exclude<FaultKind, 'loss'>;
  causes: DeathCause[];
}

const timeout = (mode: Mode): DeathCause => (mode === 'idle' ? 'keepalive-timeout' : 'user-timeout');
const cases: Case[] = [];
for (const mode of ['idle', 'stream'] as const) {
  for (const fault of ['blackhole', 'cable-pull', 'power-off'] as const) {
    cases.push({ transport: 'tcp', mode, fault, causes: [timeout(mode)] });
    // The kernel-judged beat where the RTO floor can be lowered (Linux >= 6.15), else pings.
    cases.push({ transport: 'ws', mode, fault, causes: ['user-timeout', 'heartbeat-timeout'] });
    cases.push({ transport: 'ws-ping', mode, fault, causes: ['heartbeat-timeout'] });
  }
  cases.push({ transport: 'tcp', mode, fault: 'rst', causes: ['rst'] });
  cases.push({ transport: 'tcp', mode, fault: 'fin', causes: ['fin'] });
  cases.push({ transport: 'ws', mode, fault: 'fin', causes: ['fin'] });
  // A crashed process's kernel sends FIN, or RST when unread data was still queued.
  cases.push({ transport: 'tcp', mode, fault: 'crash', causes: ['fin', 'rst'] });
  cases.push({ transport: 'ws', mode, fault: 'crash', causes: ['fin', 'rst'] });
}

/** The server side: watches every connection and streams to the `stream` ones. */
class Fixture {
  private readonly waiting = new Map<string, (w: ConnectionWatch) => void>();
  readonly watches = new Map<string, ConnectionWatch>();

  constructor(tcp: Server, wsTcp: Server) {
    tcp.on('connection', (socket: Socket) => {
      socket.once('data', (hello) => {
        const id = String(hello).trim().split(' ')[1]!;
        const watch = watchSocket(socket);
        this.stream(id, watch, () => socket.writable && socket.write('x'.repeat(100)));
        this.register(id, watch);
      });
    });
    const http = createHttpServer();
    const wss = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const id = req.url!.slice(1);
        const watch = watchWebSocket(ws, req.socket, { beat: id.startsWith('ws-ping-') ? 'ping' : 'kernel' });
        this.stream(id, watch, () => ws.readyState === ws.OPEN && ws.send('x'.repeat(100)));
        this.register(id, watch);
      });
    });
    wsTcp.on('connection', (s: Socket) => http.emit('connection', s));
  }

  watchFor(id: string): Promise<ConnectionWatch> {
    const w = this.watches.get(id);
    return w ? Promise.resolve(w) : new Promise((r) => this.waiting.set(id, r));
  }

  private stream(id: string, watch: ConnectionWatch, write: () => unknown): void {
    if (!id.includes('-stream-')) return;
    const t = setInterval(write, STREAM_EVERY_MS);
    watch.onFinish(() => clearInterval(t));
  }

  private register(id: string, watch: ConnectionWatch): void {
    this.watches.set(id, watch);
    this.waiting.get(id)?.(watch);
  }
}

describeAsRoot('liveness on real kernel TCP (netns)', () => {
  let lab: Lab;
  let fixture: Fixture;
  let tcpPort: number;
  let wsPort: number;

  beforeAll(async () => {
    await cleanupLeftovers('pbl');
    lab = await createLab({ prefix: 'pbl', hosts: cases.length + 1 });
    const tcp = await lab.listen();
    const wsTcp = await lab.listen();
    tcpPort = (tcp.address() as { port: number }).port;
    wsPort = (wsTcp.address() as { port: number }).port;
    fixture = new Fixture(tcp, wsTcp);
  });
  const latencies: string[] = [];
  afterAll(async () => {
    await lab?.destroy();
    if (latencies.length) console.log(`detection latencies:\n  ${latencies.sort().join('\n  ')}`);
  });

  async function connectProbe(host: LabHost, ids: { id: string; transport: Transport }[]) {
    const probe = spawnProbeClient(host, { server: lab.serverAddress, tcpPort, wsPort, connections: ids });
    await probe.ready;
    return Promise.all(ids.map(({ id }) => fixture.watchFor(id)));
  }

  describe.concurrent('each fault is detected with the right cause within budget + 1 s', () => {
    cases.forEach((c, i) => {
      const name = `${c.transport} ${c.mode}: ${c.fault} -> ${c.causes.join('|')}`;
      it(name, async () => {
        const host = lab.hosts[i]!;
        const id = `${c.transport}-${c.mode}-${c.fault}`;
        const transport = c.transport === 'tcp' ? 'tcp' : 'ws';
        const [watch] = await connectProbe(host, [{ id, transport }]);
        const dead = new Promise<LivenessSnapshot>((r) => watch!.once('dead', r));
        // Let keepalive/heartbeat settle into their rhythm so the fault lands at a random phase.
        await new Promise((r) => setTimeout(r, 800 + Math.random() * 700));
        expect(watch!.state).not.toBe('dead');
        // Packet-filter faults start exactly on a kernel-clock second; the others when a timer
        // fires (effectiveAt is then the conservative start of their command).
        const fault = await applyFault(host, { kind: c.fault }, { at: Date.now() + 500 });
        const limit = (transport === 'ws' ? WS_TIMEOUT_MS : BUDGET_MS) + SLACK_MS;
        const snap = await Promise.race([
          dead,
          new Promise<null>((r) => setTimeout(() => r(null), limit + 3000)),
        ]);
        await fault.heal();
        expect(snap, `${name}: not detected within ${limit + 3000} ms`).not.toBeNull();
        const latency = snap!.detectedAt! - fault.effectiveAt;
        latencies.push(`${name}: ${latency} ms`);
        expect(c.causes, `${name}: cause ${snap!.cause} (${snap!.detail})`).toContain(snap!.cause);
        expect(latency, `${name}: detection latency`).toBeLessThanOrEqual(limit);
        expect(snap!.lastHeardAt).toBeLessThanOrEqual(snap!.detectedAt!);
        if (snap!.cause === 'heartbeat-timeout') {
          // One missed beat made it suspect before it was declared dead.
          expect(snap!.suspectAt).not.toBeNull();
          expect(snap!.suspectAt!).toBeLessThan(snap!.detectedAt!);
        }
      });
    });

    it('a healthy connection is never declared dead over 20 s (idle and streaming, tcp and ws)', async () => {
      const host = lab.hosts[cases.length]!;
      const ids = (['tcp', 'ws'] as const).flatMap((transport) =>
        (['idle', 'stream'] as const).map((mode) => ({ id: `${transport}-${mode}-healthy`, transport })),
      );
      const watches = await connectProbe(host, ids);
      const deaths: string[] = [];
      watches.forEach((w, k) =>
        w.on('dead', (s: LivenessSnapshot) => deaths.push(`${ids[k]!.id}: ${s.cause} ${s.detail}`)),
      );
      await new Promise((r) => setTimeout(r, 20_000));
      expect(deaths).toEqual([]);
      expect(watches.map((w) => w.state).filter((s) => s === 'dead')).toEqual([]);
      // The heartbeat measured a LAN round trip.
      expect(watches[2]!.snapshot().rttMs).not.toBeNull();
    });
  });
});
