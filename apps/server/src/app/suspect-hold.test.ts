import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionWatch } from '@pulseboard/core/liveness/index';
import { createPresence } from '@pulseboard/core/presence/index';
import { EventHub } from '../events/hub.js';
import type { ServerEvent } from '../events/types.js';
import { createMetrics } from '../metrics/metrics.js';
import { LiveConnections } from './live-connections.js';
import type { Services } from './services.js';
import { SuspectHold } from './suspect-hold.js';

// The suspect/alive fan-out: every change told is a frame to every session, so flapping
// connections under load used to cost flaps x sessions frames (the footprint run's storm).
// Watches are bare state machines here; the test drives them and counts the frames each
// observer session receives.

const HOLD_MS = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(observers: number) {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString().split('\n'))
          if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    }),
  );
  const presence = createPresence({ maxUsers: observers + 2 });
  const hub = new EventHub();
  // As wire-events.ts does: every presence change goes to every session.
  presence.on('change', (change) => hub.broadcast({ type: 'presence', at: change.at, change }));
  const services = { log, presence, metrics: createMetrics(false), hub } as unknown as Services;
  const live = new LiveConnections(services, new SuspectHold(HOLD_MS));
  const frames: ServerEvent[][] = [];
  const add = (user: string, sink: boolean) => {
    const id = live.nextId('ws');
    const watch = new ConnectionWatch();
    const got: ServerEvent[] = [];
    live.register({
      id,
      user,
      role: 'operator',
      remote: `10.0.1.${frames.length + 1}`,
      transport: 'ws',
      watch,
      ...(sink ? { sink: { id, send: (e: ServerEvent) => got.push(e) } } : {}),
      end: () => {},
    });
    if (sink) frames.push(got);
    return { id, watch };
  };
  for (let i = 0; i < observers; i++) add(`observer${i}`, true);
  const flapper = add('alice', false);
  for (const f of frames) f.length = 0; // joins are not what is counted
  const total = () => frames.reduce((n, f) => n + f.length, 0);
  return { live, presence, lines, frames, total, flapper };
}

/** One flap: suspect, then heard again (strictly later, whatever the clock did). */
function flap(watch: ConnectionWatch): void {
  watch.suspect('no answer 260 ms after the beat');
  watch.heard(watch.snapshot().lastHeardAt + 1);
}

describe('suspect/alive fan-out', () => {
  let t: ReturnType<typeof setup>;
  afterEach(() => t.presence.dispose());

  it('M short flaps of one connection send no frame to any of N observers', async () => {
    t = setup(20);
    for (let m = 0; m < 10; m++) flap(t.flapper.watch);
    await sleep(HOLD_MS * 3);
    expect(t.total()).toBe(0);
    // Still recorded: the debug log line per transition and the metric.
    const states = t.lines.filter((l) => l.event === 'detection').map((l) => l.state);
    expect(states.filter((s) => s === 'suspect')).toHaveLength(10);
    expect(states.filter((s) => s === 'alive')).toHaveLength(10);
    expect(t.lines.filter((l) => l.event === 'detection').every((l) => l.level === 20)).toBe(true);
    expect(t.presence.userState('alice')).toBe('online');
  });

  it('a suspect that lasts is told to every observer, and so is its recovery', async () => {
    t = setup(5);
    t.flapper.watch.suspect('no answer 260 ms after the beat');
    expect(t.total()).toBe(0);
    await sleep(HOLD_MS * 4);
    for (const f of t.frames) {
      expect(f.some((e) => e.type === 'detection' && e.state === 'suspect')).toBe(true);
      expect(f.some((e) => e.type === 'presence')).toBe(true);
    }
    expect(t.presence.userState('alice')).toBe('suspect');
    const told = t.total();
    t.flapper.watch.heard(t.flapper.watch.snapshot().lastHeardAt + 1);
    for (const f of t.frames) expect(f.some((e) => e.type === 'detection' && e.state === 'alive')).toBe(true);
    expect(t.total()).toBeGreaterThan(told);
    expect(t.presence.userState('alice')).toBe('online');
  });

  it('a death during the hold is told at once, without the suspect before it', async () => {
    t = setup(5);
    t.flapper.watch.suspect('no answer 260 ms after the beat');
    t.flapper.watch.fail('heartbeat-timeout', 'silent 450 ms');
    for (const f of t.frames) {
      expect(f.filter((e) => e.type === 'detection').map((e) => e.state)).toEqual(['dead']);
    }
    const afterDeath = t.total();
    await sleep(HOLD_MS * 3);
    expect(t.total()).toBe(afterDeath); // the held suspect never follows
    expect(t.presence.userState('alice')).toBe('offline');
    expect(t.lines.filter((l) => l.event === 'detection' && l.state === 'dead')[0]).toMatchObject({
      level: 30,
    });
  });
});
