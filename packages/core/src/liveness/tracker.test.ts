import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LivenessTracker } from './tracker.js';
import type { LivenessSnapshot } from './types.js';

function record(t: LivenessTracker): string[] {
  const log: string[] = [];
  t.on('suspect', (s: LivenessSnapshot) => log.push(`suspect@${s.suspectAt}`));
  t.on('alive', () => log.push(`alive@${Date.now()}`));
  t.on('dead', (s: LivenessSnapshot) => log.push(`dead:${s.cause}@${s.detectedAt}`));
  return log;
}

describe('LivenessTracker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('goes alive -> suspect -> dead on silence, with timestamps', () => {
    const t = new LivenessTracker({ suspectAfterMs: 500, deadAfterMs: 900 });
    const log = record(t);
    vi.advanceTimersByTime(499);
    expect(t.state).toBe('alive');
    vi.advanceTimersByTime(1);
    expect(t.state).toBe('suspect');
    vi.advanceTimersByTime(400);
    expect(log).toEqual(['suspect@1000500', 'dead:heartbeat-timeout@1000900']);
    expect(t.snapshot()).toMatchObject({
      state: 'dead',
      cause: 'heartbeat-timeout',
      since: 1_000_000,
      lastHeardAt: 1_000_000,
      suspectAt: 1_000_500,
      detectedAt: 1_000_900,
    });
  });

  it('measures silence from the last heard(), not from the timer start', () => {
    const t = new LivenessTracker({ suspectAfterMs: 500, deadAfterMs: 900 });
    const log = record(t);
    vi.advanceTimersByTime(400);
    t.heard(); // at 1_000_400
    vi.advanceTimersByTime(499);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['suspect@1000900']);
    vi.advanceTimersByTime(400);
    expect(log).toEqual(['suspect@1000900', 'dead:heartbeat-timeout@1001300']);
  });

  it('returns to alive when heard while suspect, and can turn suspect again', () => {
    const t = new LivenessTracker({ suspectAfterMs: 500, deadAfterMs: 900 });
    const log = record(t);
    vi.advanceTimersByTime(600);
    t.heard();
    expect(t.state).toBe('alive');
    vi.advanceTimersByTime(500);
    expect(log).toEqual(['suspect@1000500', 'alive@1000600', 'suspect@1001100']);
  });

  it('after a stall of this process, reads pending I/O before judging silence', () => {
    const t = new LivenessTracker({ suspectAfterMs: 500, deadAfterMs: 900 });
    const log = record(t);
    vi.setSystemTime(1_002_000); // the event loop was blocked for 2 s
    vi.advanceTimersToNextTimer(); // the late suspect timer fires
    expect(t.state).toBe('alive'); // not judged yet
    t.heard(); // the pong that waited in the socket buffer is read in this turn's I/O
    vi.advanceTimersByTime(10);
    expect(log).toEqual([]);
  });

  it('excuses silence caused by a stall of this process once, then judges a fresh window', () => {
    const t = new LivenessTracker({ suspectAfterMs: 500, deadAfterMs: 900 });
    const log = record(t);
    vi.setSystemTime(1_002_000); // blocked for 2 s: no ping could go out, no pong be read
    vi.advanceTimersToNextTimer(); // the late suspect timer fires (fake clock: at 1_002_500)
    vi.advanceTimersByTime(1); // its deferred judgement excuses the silence at 1_002_501
    expect(t.state).toBe('alive');
    vi.advanceTimersByTime(498);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(2); // still silent 500 ms after the stall: suspect
    vi.advanceTimersByTime(400); // and 900 ms after it: dead
    expect(log).toEqual(['suspect@1003001', 'dead:heartbeat-timeout@1003401']);
    expect(t.snapshot().lastHeardAt).toBe(1_000_000); // the record keeps the true last contact
  });

  it('does not excuse a second stall without the peer being heard in between', () => {
    const t = new LivenessTracker({ suspectAfterMs: 500, deadAfterMs: 900 });
    const log = record(t);
    vi.setSystemTime(1_002_000);
    vi.advanceTimersToNextTimer();
    vi.advanceTimersByTime(1); // pardoned at 1_002_000
    vi.setSystemTime(1_005_000); // stalled again, peer still silent
    vi.advanceTimersToNextTimer();
    vi.advanceTimersByTime(1);
    expect(t.state).toBe('dead');
    expect(log.at(-1)).toMatch(/^dead:heartbeat-timeout@/);
  });

  it('emits dead exactly once, and nothing after it', () => {
    const t = new LivenessTracker();
    const log = record(t);
    t.fail('rst', 'ECONNRESET');
    t.fail('fin', 'again');
    t.suspect('late');
    t.heard();
    expect(log).toEqual(['dead:rst@1000000']);
    expect(t.snapshot().cause).toBe('rst');
  });

  it('close() stops timers and emits nothing', () => {
    const t = new LivenessTracker({ suspectAfterMs: 500, deadAfterMs: 900 });
    const log = record(t);
    const cleanup = vi.fn();
    t.onFinish(cleanup);
    t.close();
    vi.advanceTimersByTime(5000);
    t.fail('rst', 'x');
    expect(log).toEqual([]);
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('without silence rules it never dies by itself', () => {
    const t = new LivenessTracker();
    const log = record(t);
    vi.advanceTimersByTime(3_600_000);
    expect(log).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('heard() with a past timestamp (from TCP_INFO) never moves lastHeardAt back', () => {
    const t = new LivenessTracker();
    vi.advanceTimersByTime(1000);
    t.heard(Date.now() - 100);
    t.heard(Date.now() - 500);
    expect(t.snapshot().lastHeardAt).toBe(1_000_900);
  });

  it('suspect() from a signal keeps the first suspectAt and clears on heard()', () => {
    const t = new LivenessTracker();
    const log = record(t);
    t.suspect('tcp: 1 probes');
    vi.advanceTimersByTime(10);
    t.suspect('tcp: 2 probes');
    expect(t.snapshot().suspectAt).toBe(1_000_000);
    t.heard();
    expect(log).toEqual(['suspect@1000000', 'alive@1000010']);
  });
});
