import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LivenessSnapshot } from './types.js';
import { watchWebSocket } from './ws-watch.js';

// A stand-in for a `ws` WebSocket: records pings and lets the test answer them.
class FakeWs extends EventEmitter {
  readyState = 1;
  pings: string[] = [];
  terminated = 0;
  ping(data?: unknown): void {
    this.pings.push(String(data));
  }
  pong(): void {}
  send(): void {}
  terminate(): void {
    this.terminated++;
    this.readyState = 3;
  }
}

describe('watchWebSocket heartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(2_000_000);
  });
  afterEach(() => vi.useRealTimers());
  const opts = { tune: false, sampleIntervalMs: 0 };

  it('pings once per interval on a shared grid; answered pongs keep it alive and give an RTT', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    vi.advanceTimersByTime(200);
    for (let i = 0; i < 8; i++) {
      expect(ws.pings.length).toBe(i + 1);
      vi.advanceTimersByTime(3);
      ws.emit('pong', Buffer.from(ws.pings.at(-1)!));
      vi.advanceTimersByTime(197);
    }
    expect(w.snapshot()).toMatchObject({ state: 'alive', rttMs: 3 });
    expect(w.snapshot().loss).toBeGreaterThan(0); // the prior, until the link teaches otherwise
    w.close();
  });

  it('an unanswered beat is suspect after the wait, probed, then dead after the learned chances', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    const events: string[] = [];
    w.on('suspect', (s: LivenessSnapshot) => events.push(`suspect@${s.suspectAt! - 2_000_000}`));
    w.on('dead', (s: LivenessSnapshot) => events.push(`dead:${s.cause}@${s.detectedAt! - 2_000_000}`));
    vi.advanceTimersByTime(2000);
    // lan-fast, nothing learned: beat at 200, wait 50 ms, probes every 50 ms; the 10 % round-trip
    // prior wants 6 probes for < 0.01 false dead per hour, the 450 ms budget leaves room for 4.
    expect(events).toEqual(['suspect@250', 'dead:heartbeat-timeout@450']);
    expect(ws.pings).toEqual(['1', '2', '3', '4', '5']);
    expect(ws.terminated).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never later than heartbeat.timeoutMs after the last evidence', () => {
    const ws = new FakeWs();
    const heartbeat = { intervalMs: 250, suspectAfterMs: 260, timeoutMs: 300 };
    const w = watchWebSocket(ws, new Socket(), { ...opts, heartbeat });
    let deadAt = 0;
    w.on('dead', (s: LivenessSnapshot) => (deadAt = s.detectedAt! - 2_000_000));
    vi.advanceTimersByTime(1000);
    expect(deadAt).toBe(300);
  });

  it('a late pong turns suspect back to alive', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    vi.advanceTimersByTime(300);
    expect(w.state).toBe('suspect');
    ws.emit('pong', Buffer.from('1'));
    expect(w.state).toBe('alive');
    vi.advanceTimersByTime(1000);
    expect(w.state).toBe('dead'); // nothing answered the later beats
  });

  it('client traffic counts as heard and replaces pings', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(150);
      ws.emit(i % 2 ? 'message' : 'ping', Buffer.from('x'));
    }
    expect(w.state).toBe('alive');
    expect(ws.pings).toEqual([]);
    w.close();
  });

  it('a close frame is fin', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    ws.emit('close', 1001, Buffer.alloc(0));
    expect(w.snapshot()).toMatchObject({ state: 'dead', cause: 'fin', detail: 'ws close 1001' });
  });

  it('validates heartbeat options before watching', () => {
    expect(() => watchWebSocket(new FakeWs(), new Socket(), { heartbeat: { timeoutMs: 300 } })).toThrow(
      new TypeError('heartbeat.timeoutMs must be > heartbeat.suspectAfterMs'),
    );
  });
});
