import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionWatch } from '@pulseboard/core/liveness/index';
import { createPresence } from '@pulseboard/core/presence/index';
import { EventHub } from '../events/hub.js';
import type { ServerEvent } from '../events/types.js';
import { createMetrics } from '../metrics/metrics.js';
import { LiveConnections, type Transport } from './live-connections.js';
import type { Services } from './services.js';

// The same-host rule wired into the server: a silent death of one connection takes the user's
// other connections from that address (not heard since) down with it, each through the normal
// detection path. Watches are bare state machines here (no sockets): the test drives them.

function setup() {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString().split('\n'))
          if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    }),
  );
  const presence = createPresence({ maxUsers: 10 });
  const metrics = createMetrics(false);
  const hub = new EventHub();
  const events: ServerEvent[] = [];
  // As wire-events.ts does: every presence change goes to every session.
  presence.on('change', (change) => hub.broadcast({ type: 'presence', at: change.at, change }));
  const services = { log, presence, metrics, hub } as unknown as Services;
  const live = new LiveConnections(services);
  const ended: string[] = [];
  const add = (user: string, remote: string, transport: Transport, withSink = false) => {
    const id = live.nextId(transport);
    const watch = new ConnectionWatch();
    live.register({
      id,
      user,
      role: 'operator',
      remote,
      transport,
      watch,
      ...(withSink ? { sink: { id, send: (e: ServerEvent) => events.push(e) } } : {}),
      end: () => ended.push(id),
    });
    return { id, watch };
  };
  return { live, presence, metrics, lines, events, ended, add };
}

const deadLines = (lines: Record<string, unknown>[]) =>
  lines.filter((l) => l.event === 'detection' && l.state === 'dead');

describe('LiveConnections: same-host rule', () => {
  let t: ReturnType<typeof setup>;
  afterEach(() => t.presence.dispose());

  it("a WebSocket's heartbeat timeout takes the idle HTTP keep-alive connection of the same host with it", async () => {
    t = setup();
    const bob = t.add('bob', '10.0.0.9', 'ws', true);
    const http = t.add('alice', '10.0.0.5', 'http');
    await new Promise((r) => setTimeout(r, 5));
    const ws = t.add('alice', '10.0.0.5', 'ws'); // heard after http: its lastHeardAt is later
    expect(t.presence.userState('alice')).toBe('online');

    ws.watch.fail('heartbeat-timeout', 'silent 902 ms');

    expect(t.presence.userState('alice')).toBe('offline');
    expect(t.live.get(http.id)).toBeUndefined();
    expect(t.ended).toEqual([ws.id, http.id]);
    expect(deadLines(t.lines)).toEqual([
      expect.objectContaining({ connectionId: ws.id, cause: 'heartbeat-timeout', transport: 'ws' }),
      expect.objectContaining({
        connectionId: http.id,
        cause: 'heartbeat-timeout',
        detail: `same host as ${ws.id}`,
        transport: 'http',
        lastHeardAt: http.watch.snapshot().lastHeardAt,
      }),
    ]);
    // Metrics, detection events and the presence push, like any detection.
    expect(await t.metrics.registry.metrics()).toMatch(
      /pulseboard_dead_total\{cause="heartbeat-timeout"\} 2/,
    );
    expect(
      t.events.filter((e) => e.type === 'detection' && e.state === 'dead').map((e) => e.connectionId),
    ).toEqual([ws.id, http.id]);
    const offline = t.events.find(
      (e) => e.type === 'presence' && (e.change as { type: string; state?: string }).state === 'offline',
    );
    expect(offline).toMatchObject({ change: { type: 'userState', user: 'alice', state: 'offline' } });
    expect(bob.watch.state).toBe('alive');
  });

  it('NAT: a connection from the same address heard after the dead one went quiet stays', async () => {
    t = setup();
    const ws = t.add('alice', '10.0.0.5', 'ws');
    const quiet = t.add('alice', '10.0.0.5', 'http');
    const other = t.add('alice', '10.0.0.5', 'http'); // another device behind the same NAT
    const otherUser = t.add('carol', '10.0.0.5', 'http');
    const elsewhere = t.add('alice', '10.0.0.7', 'http');
    await new Promise((r) => setTimeout(r, 5));
    other.watch.heard();
    ws.watch.fail('keepalive-timeout', 'ETIMEDOUT');

    expect(deadLines(t.lines).map((l) => [l.connectionId, l.detail])).toEqual([
      [ws.id, 'ETIMEDOUT'],
      [quiet.id, `same host as ${ws.id}`],
    ]);
    for (const c of [other, otherUser, elsewhere]) expect(t.live.get(c.id)).toBeDefined();
    expect(t.presence.userState('alice')).toBe('online');
  });

  it('a FIN or RST ends only its own connection', () => {
    t = setup();
    const ws = t.add('alice', '10.0.0.5', 'ws');
    const http = t.add('alice', '10.0.0.5', 'http');
    ws.watch.fail('fin', 'ws close 1001');
    expect(t.live.get(http.id)).toBeDefined();
    http.watch.fail('rst', 'ECONNRESET');
    expect(deadLines(t.lines)).toHaveLength(2);
  });
});

describe('LiveConnections: a connection whose watch finished before it joined', () => {
  it('is refused and never shows in presence (no phantom "online")', () => {
    const t = setup();
    const watch = new ConnectionWatch();
    watch.fail('fin', 'socket closed before the upgrade completed');
    expect(() =>
      t.live.register({
        id: t.live.nextId('ws'),
        user: 'alice',
        role: 'operator',
        remote: '10.0.0.2',
        transport: 'ws',
        watch,
        end: () => {},
      }),
    ).toThrow(expect.objectContaining({ code: 'CONNECTION_CLOSED' }));
    expect(t.presence.snapshot().users.find((u) => u.name === 'alice')?.connections ?? []).toEqual([]);
    t.presence.dispose();
  });
});
