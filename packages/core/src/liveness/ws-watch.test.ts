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

  it('pings every interval; answered pongs keep it alive and give an RTT', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    for (let i = 0; i < 8; i++) {
      vi.advanceTimersByTime(3);
      ws.emit('pong', Buffer.from(ws.pings.at(-1)!));
      vi.advanceTimersByTime(247);
    }
    expect(ws.pings.length).toBe(9); // one at start + one per 250 ms
    expect(w.snapshot()).toMatchObject({ state: 'alive', rttMs: 3 });
    w.close();
  });

  it('one missed beat is suspect, then dead at the timeout, terminating once', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    const events: string[] = [];
    w.on('suspect', (s: LivenessSnapshot) => events.push(`suspect@${s.suspectAt! - 2_000_000}`));
    w.on('dead', (s: LivenessSnapshot) => events.push(`dead:${s.cause}@${s.detectedAt! - 2_000_000}`));
    vi.advanceTimersByTime(2000);
    expect(events).toEqual(['suspect@500', 'dead:heartbeat-timeout@900']);
    expect(ws.terminated).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a late pong turns suspect back to alive', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    vi.advanceTimersByTime(600);
    expect(w.state).toBe('suspect');
    ws.emit('pong', Buffer.from('1'));
    expect(w.state).toBe('alive');
    w.close();
  });

  it('messages and client pings count as heard', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(400);
      ws.emit(i % 2 ? 'message' : 'ping', Buffer.from('x'));
    }
    expect(w.state).toBe('alive');
    w.close();
  });

  it('a close frame is fin', () => {
    const ws = new FakeWs();
    const w = watchWebSocket(ws, new Socket(), opts);
    ws.emit('close', 1001, Buffer.alloc(0));
    expect(w.snapshot()).toMatchObject({ state: 'dead', cause: 'fin', detail: 'ws close 1001' });
  });

  it('validates heartbeat options before watching', () => {
    expect(() => watchWebSocket(new FakeWs(), new Socket(), { heartbeat: { timeoutMs: 400 } })).toThrow(
      new TypeError('heartbeat.timeoutMs must be > heartbeat.suspectAfterMs'),
    );
  });
});
