import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionWatch } from '@pulseboard/core/liveness/index';
import { createPresence, type PresenceEvent } from '@pulseboard/core/presence/index';
import { EventHub } from '../events/hub.js';
import type { ServerEvent } from '../events/types.js';
import { createMetrics } from '../metrics/metrics.js';
import { LiveConnections, type Transport } from './live-connections.js';

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
  const live = new LiveConnections({ log, presence, metrics, hub });
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

  it("a WebSocket's heartbeat timeout takes the same browser's other tab (not heard since) with it", async () => {
    t = setup();
    const bob = t.add('bob', '10.0.0.9', 'ws', true);
    const tab1 = t.add('alice', '10.0.0.5', 'ws');
    await new Promise((r) => setTimeout(r, 5));
    const tab2 = t.add('alice', '10.0.0.5', 'ws'); // heard after tab1: its lastHeardAt is later
    expect(t.presence.userState('alice')).toBe('online');

    tab2.watch.fail('heartbeat-timeout', 'silent 902 ms');

    expect(t.presence.userState('alice')).toBe('offline');
    expect(t.live.get(tab1.id)).toBeUndefined();
    expect(t.ended).toEqual([tab2.id, tab1.id]);
    expect(deadLines(t.lines)).toEqual([
      expect.objectContaining({ connectionId: tab2.id, cause: 'heartbeat-timeout', transport: 'ws' }),
      expect.objectContaining({
        connectionId: tab1.id,
        cause: 'heartbeat-timeout',
        detail: `same host as ${tab2.id}`,
        transport: 'ws',
        lastHeardAt: tab1.watch.snapshot().lastHeardAt,
      }),
    ]);
    // Metrics, detection events and the presence push, like any detection.
    expect(await t.metrics.registry.metrics()).toMatch(
      /pulseboard_dead_total\{cause="heartbeat-timeout"\} 2/,
    );
    expect(
      t.events.flatMap((e) => (e.type === 'detection' && e.state === 'dead' ? [e.connectionId] : [])),
    ).toEqual([tab2.id, tab1.id]);
    const offline = t.events.find(
      (e) => e.type === 'presence' && (e.change as { type: string; state?: string }).state === 'offline',
    );
    expect(offline).toMatchObject({ change: { type: 'userState', user: 'alice', state: 'offline' } });
    expect(bob.watch.state).toBe('alive');
  });

  it('NAT: a connection from the same address heard after the dead one went quiet stays', () => {
    t = setup();
    const quiet = t.add('alice', '10.0.0.5', 'http'); // registered first: heard no later than dead
    const dead = t.add('alice', '10.0.0.5', 'http');
    const other = t.add('alice', '10.0.0.5', 'http'); // another device behind the same NAT
    const otherUser = t.add('carol', '10.0.0.5', 'http');
    const elsewhere = t.add('alice', '10.0.0.7', 'http');
    // Heard strictly after the dead one went quiet, whatever the clock did meanwhile (a sleep
    // here could end in the same millisecond on a loaded machine: timers start from the loop's
    // cached time).
    other.watch.heard(dead.watch.snapshot().lastHeardAt + 1);
    dead.watch.fail('keepalive-timeout', 'ETIMEDOUT');

    expect(deadLines(t.lines).map((l) => [l.connectionId, l.detail])).toEqual([
      [dead.id, 'ETIMEDOUT'],
      [quiet.id, `same host as ${dead.id}`],
    ]);
    for (const c of [other, otherUser, elsewhere]) expect(t.live.get(c.id)).toBeDefined();
    expect(t.presence.userState('alice')).toBe('online');
  });

  it('a FIN or RST ends only its own connection', () => {
    t = setup();
    const a = t.add('alice', '10.0.0.5', 'http');
    const b = t.add('alice', '10.0.0.5', 'http');
    a.watch.fail('fin', 'socket end');
    expect(t.live.get(b.id)).toBeDefined();
    b.watch.fail('rst', 'ECONNRESET');
    expect(deadLines(t.lines)).toHaveLength(2);
  });
});

describe('LiveConnections: HTTP of a browser that has a stream is not a connection', () => {
  let t: ReturnType<typeof setup>;
  afterEach(() => t.presence.dispose());

  it("a stream joining takes that browser's HTTP connections out of presence, without a detection", () => {
    t = setup();
    const page = t.add('alice', '10.0.0.5', 'http');
    const otherUser = t.add('carol', '10.0.0.5', 'http');
    const elsewhere = t.add('alice', '10.0.0.7', 'http');
    expect(t.live.hasStream('alice', '10.0.0.5')).toBe(false);
    const ws = t.add('alice', '::ffff:10.0.0.5', 'ws');
    expect(t.live.hasStream('alice', '10.0.0.5')).toBe(true);
    expect(t.live.get(page.id)).toBeUndefined();
    expect(t.ended).toEqual([page.id]);
    for (const c of [otherUser, elsewhere, ws]) expect(t.live.get(c.id)).toBeDefined();
    expect(deadLines(t.lines)).toEqual([]);
    const conns = t.presence.snapshot().users.find((u) => u.name === 'alice')!.connections;
    expect(conns.map((c) => c.transport).sort()).toEqual(['http', 'ws']); // elsewhere + ws
  });

  it('so the close of the last stream (a tab closed) is offline at once, with one record that says why', () => {
    t = setup();
    const states: PresenceEvent[] = [];
    t.presence.on('userState', (e) => states.push(e));
    t.add('alice', '10.0.0.5', 'http');
    const ws = t.add('alice', '10.0.0.5', 'ws');
    ws.watch.fail('fin', 'ws close 1001');
    expect(t.presence.userState('alice')).toBe('offline');
    expect(states.map((e) => e.type === 'userState' && [e.state, e.cause, e.transport])).toEqual([
      ['online', 'connected', 'http'],
      ['offline', 'fin', 'ws'],
    ]);
    expect(states.at(-1)).toMatchObject({ connectionId: ws.id, connections: [] });
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
