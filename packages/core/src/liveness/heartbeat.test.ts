import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from './heartbeat.js';
import { LinkEstimate } from './link-estimate.js';
import { resolveLivenessOptions } from './options.js';
import { LivenessTracker } from './tracker.js';
import { TimerWheel } from './wheel.js';

// The heartbeat against a fake peer: which pings go out, and when the verdict comes.
describe('Heartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(3_000_000);
  });
  afterEach(() => vi.useRealTimers());

  function start(kernelAckAt: () => number | null = () => null, timeoutMs?: number, pace?: number) {
    const opts = resolveLivenessOptions({
      tune: false,
      sampleIntervalMs: 0,
      ...(timeoutMs ? { heartbeat: { timeoutMs } } : {}),
    });
    const watch = new LivenessTracker();
    const pings: number[] = [];
    const pinger = { ping: () => (pings.push(Date.now() - 3_000_000), true), lastKernelAckAt: kernelAckAt };
    const wheel = Object.assign(new TimerWheel(5), pace ? { pace: () => pace } : {});
    const beat = new Heartbeat(watch, pinger, opts, new LinkEstimate(opts.probe.prior), wheel);
    return { watch, beat, pings };
  }

  it('a vanished host (no pong, no kernel ACK) is dead at the learned deadline', () => {
    const { watch, pings } = start();
    vi.advanceTimersByTime(2000);
    expect(watch.snapshot()).toMatchObject({ state: 'dead', cause: 'heartbeat-timeout' });
    expect(watch.snapshot().detectedAt! - 3_000_000).toBe(450);
    expect(pings).toEqual([200, 250, 300, 350, 400]);
  });

  it('on a scheduler whose beats a crowd stretched, pings and the deadline stretch by its pace', () => {
    const { watch, pings } = start(() => null, undefined, 2.5);
    vi.advanceTimersByTime(2000);
    // 200 ms x 2.5 = 500 ms to the beat (480 on the 40 ms grid), then the probes as before and
    // the verdict after them (the deadline moved by 300 ms too, to 750: it does not cut them).
    expect(pings).toEqual([480, 530, 580, 630, 680]);
    expect(watch.snapshot().detectedAt! - 3_000_000).toBe(730);
  });

  it("a user's own timeout is a floor: a glitch shorter than it is suspect, never dead", () => {
    // The learned deadline alone would say dead ~0.7 s into the silence (6 probes x 50 ms).
    const { watch, beat } = start(() => null, 3000);
    vi.advanceTimersByTime(2900);
    expect(watch.state).toBe('suspect');
    beat.pong(1); // the first ping's answer, retransmitted after the glitch
    expect(watch.state).toBe('alive');
    beat.stop();
  });

  it("the floor counts the kernel's last ACK, and the verdict comes once it passed", () => {
    const { watch } = start(() => 3_000_000 + 100, 3000);
    vi.advanceTimersByTime(3050);
    expect(watch.state).toBe('suspect');
    vi.advanceTimersByTime(200);
    expect(watch.snapshot()).toMatchObject({ state: 'dead', cause: 'heartbeat-timeout' });
    expect(watch.snapshot().detectedAt! - 3_000_000).toBeGreaterThanOrEqual(3100);
  });

  it('a slow application whose kernel still ACKs stays suspect, up to the TCP budget', () => {
    const { watch } = start(() => Date.now() - 10); // ACKs keep coming
    vi.advanceTimersByTime(1500);
    expect(watch.state).toBe('suspect');
    vi.advanceTimersByTime(1000);
    expect(watch.state).toBe('dead'); // 2000 ms: lan-fast's TCP budget
  });

  it('when the kernel ACKs stop, the verdict comes at once', () => {
    let acking = true;
    const { watch } = start(() => (acking ? Date.now() - 10 : 3_000_000));
    vi.advanceTimersByTime(1000);
    expect(watch.state).toBe('suspect');
    acking = false;
    vi.advanceTimersByTime(60);
    expect(watch.state).toBe('dead');
  });

  it('a stall of this process restarts the probes once, instead of declaring the peer dead', () => {
    const { watch, pings } = start();
    vi.advanceTimersByTime(200); // the beat goes out
    vi.setSystemTime(Date.now() + 700); // then this process stalls for 700 ms
    vi.advanceTimersByTime(60); // the check due at 250 runs, 700 ms late
    expect(watch.state).toBe('suspect'); // not dead: fresh probes first
    vi.advanceTimersByTime(400);
    expect(watch.state).toBe('dead');
    expect(pings.length).toBeGreaterThanOrEqual(1 + 4); // the beat and the fresh probes
  });

  it('a pong learns the RTT and moves the next beat one interval on', () => {
    const { watch, beat, pings } = start();
    vi.advanceTimersByTime(202);
    beat.pong(1);
    expect(watch.snapshot().rttMs).toBe(2);
    vi.advanceTimersByTime(200);
    expect(pings).toEqual([200, 400]);
    beat.stop();
  });
});
