import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loopbackSockets } from '../testing/loopback.js';
import { readTcpSettings } from '../net/tune.js';
import { KernelBeat } from './kernel-beat.js';
import { LivenessTracker } from './tracker.js';
import { BeatClock } from './beat-clock.js';

// Real loopback sockets (TCP_USER_TIMEOUT read back from the kernel); the clock's ticks are
// driven by hand (its timer is faked), so nothing here depends on timer precision.
const lanFast = { intervalMs: 220, budgetPerSecond: 400, maxIntervalMs: 550 };

describe('KernelBeat', () => {
  const { accepted, track } = loopbackSockets({ fakeTimers: true });

  function start(socket: Socket, sent: number[], clock = new BeatClock(lanFast)) {
    const beat = new KernelBeat(
      new LivenessTracker(),
      socket,
      () => {
        sent.push(Date.now());
        socket.write(Buffer.from([0x8a, 0x00]));
      },
      { ...lanFast, userTimeoutMs: 230, budgetMs: 1800 },
      clock,
    );
    track(beat);
    return { beat, clock };
  }

  it('sets the short user timeout, and beats when nothing else left for an interval', async () => {
    const socket = await accepted();
    const sent: number[] = [];
    const { beat, clock } = start(socket, sent);
    expect(readTcpSettings(socket)?.userTimeoutMs).toBe(230);
    clock.tick(); // 110 ms
    expect(sent).toHaveLength(0); // half an interval: nothing due yet
    clock.tick(); // 220
    expect(sent).toHaveLength(1); // idle for an interval: a beat
    clock.tick(); // 330
    socket.write('an event'); // between 330 and 440
    clock.tick(); // 440: the event was the beat (noted as of 330)
    expect(sent).toHaveLength(1);
    clock.tick(); // 550: at most one interval after the event
    expect(sent).toHaveLength(2);
    clock.tick(); // 660
    beat.heard(); // the peer's own frame, between 660 and 770
    clock.tick(); // 770
    clock.tick(); // 880: an interval after the frame at most, not after the beat at 550
    expect(sent).toHaveLength(3);
    clock.tick(); // 990
    expect(sent).toHaveLength(3);
    clock.tick(); // 1100
    expect(sent).toHaveLength(4);
  });

  it('beats less often once the crowd passes the budget, never past the cap', async () => {
    const socket = await accepted();
    const sent: number[] = [];
    const clock = new BeatClock(lanFast);
    const crowd = Array.from({ length: 299 }, () => ({ tick: () => {} }));
    for (const m of crowd) clock.add(m);
    start(socket, sent, clock);
    for (let i = 0; i < 15; i++) clock.tick();
    expect(sent).toHaveLength(3); // every 5 ticks (550 ms), the cap, though 300 would need 750
    for (const m of crowd) clock.remove(m);
    for (let i = 0; i < 4; i++) clock.tick();
    expect(sent).toHaveLength(5); // alone again: every 220 ms
  });

  it('a connection that arrives after the clock went idle is beaten on time (tick numbers go on)', async () => {
    const clock = new BeatClock(lanFast);
    const first = start(await accepted(), [], clock);
    for (let i = 0; i < 5; i++) clock.tick();
    first.beat.stop(); // the last member leaves: the clock sleeps
    const sent: number[] = [];
    start(await accepted(), sent, clock);
    clock.tick();
    clock.tick();
    expect(sent).toHaveLength(1);
  });

  it('while writes back up (a closed window), the user timeout is the budget until they drain', async () => {
    const socket = await accepted();
    const sent: number[] = [];
    const { clock } = start(socket, sent);
    // Node-side backlog, as when the peer's window is closed: cork keeps the write in Node.
    socket.cork();
    socket.write('x'.repeat(1000));
    clock.tick();
    clock.tick();
    expect(readTcpSettings(socket)?.userTimeoutMs).toBe(1800);
    expect(sent).toHaveLength(0);
    socket.uncork();
    await new Promise((r) => setImmediate(r));
    clock.tick();
    expect(readTcpSettings(socket)?.userTimeoutMs).toBe(230);
  });

  describe('with a lenient verdict (user timeout 3 s, suspect after 250 ms)', () => {
    const lenient = { ...lanFast, userTimeoutMs: 3000, budgetMs: 3000, suspectAfterMs: 250 };

    function startLenient(socket: Socket, silence: () => number | null) {
      const watch = new LivenessTracker();
      const probes: number[] = [];
      const clock = new BeatClock(lanFast);
      const opts = { ...lenient, onSuspect: () => probes.push(clock.n) };
      const beat = new KernelBeat(
        watch,
        socket,
        () => socket.write(Buffer.from([0x8a, 0x00])),
        opts,
        clock,
        silence,
      );
      track(beat);
      return { watch, clock, probes };
    }

    it('a beat whose ACK does not come within the window makes the connection suspect, and asks for a probe', async () => {
      let silence: number | null = 0;
      const { watch, clock, probes } = startLenient(await accepted(), () => silence);
      clock.tick();
      clock.tick(); // 220: the beat
      clock.tick();
      clock.tick();
      clock.tick(); // 550: its check (3 ticks = 330 ms >= 250), ACKed: nothing
      expect(watch.state).toBe('alive');
      silence = 400; // the peer stopped ACKing
      for (let i = 0; i < 4; i++) clock.tick(); // the next beat at 660, its check at 990
      expect(watch.state).toBe('suspect');
      expect(watch.snapshot().detail ?? '').toMatch(/no ACK for 400 ms/);
      expect(probes).toEqual([9]);
    });

    it('data in flight whose ACKs keep coming (a stream) is not suspect', async () => {
      const { watch, clock } = startLenient(await accepted(), () => 20);
      for (let i = 0; i < 20; i++) clock.tick();
      expect(watch.state).toBe('alive');
    });

    it('the lan-fast verdict (230 ms) comes soon enough: no TCP_INFO read per beat', async () => {
      let reads = 0;
      const watch = new LivenessTracker();
      const clock = new BeatClock(lanFast);
      const opts = { ...lanFast, userTimeoutMs: 230, budgetMs: 1800, suspectAfterMs: 100 };
      track(
        new KernelBeat(
          watch,
          await accepted(),
          () => {},
          opts,
          clock,
          () => {
            reads++;
            return 1000;
          },
        ),
      );
      for (let i = 0; i < 20; i++) clock.tick();
      expect(reads).toBe(0);
      expect(watch.state).toBe('alive');
    });
  });
});
