import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loopbackSockets } from '../testing/loopback.js';
import { BeatClock } from './beat-clock.js';
import { WriteBeat } from './write-beat.js';

// Real loopback sockets; the clock's ticks (every 125 ms for a 250 ms interval) are driven by
// hand, so "when" below is the tick number times 125 ms.
const sse = { intervalMs: 250, budgetPerSecond: Number.POSITIVE_INFINITY, maxIntervalMs: 250 };

describe('WriteBeat', () => {
  const { accepted, track } = loopbackSockets({ fakeTimers: true });

  function start(socket: Socket) {
    const clock = new BeatClock(sse);
    const writes: number[] = [];
    track(
      new WriteBeat(
        socket,
        () => {
          writes.push(clock.n);
          socket.write(':\n\n');
        },
        clock,
      ),
    );
    return { clock, writes };
  }

  it('writes once an interval while the stream is idle', async () => {
    const { clock, writes } = start(await accepted());
    for (let i = 0; i < 8; i++) clock.tick();
    expect(writes).toEqual([2, 4, 6, 8]);
  });

  it("the stream's own data just after a turn does not stretch the gap past one interval", async () => {
    const socket = await accepted();
    const { clock, writes } = start(socket);
    clock.tick();
    clock.tick(); // 250: a heartbeat
    socket.write('data: {"type":"presence"}\n\n'); // just after it
    clock.tick(); // 375: the data was the beat (as of 250)
    clock.tick(); // 500: one interval after the data at the latest
    // A timer that skipped every turn after a write would wait until 750 (a gap of ~490 ms).
    expect(writes).toEqual([2, 4]);
  });

  it('nothing while data waits in Node (it goes out, or probes the window, by itself)', async () => {
    const socket = await accepted();
    const { clock, writes } = start(socket);
    socket.cork();
    socket.write('x'.repeat(1000));
    for (let i = 0; i < 4; i++) clock.tick();
    expect(writes).toEqual([]);
    socket.uncork();
  });

  it('stops with the socket', async () => {
    const socket = await accepted();
    const { clock, writes } = start(socket);
    socket.destroy();
    for (let i = 0; i < 4; i++) clock.tick();
    expect(writes).toEqual([]);
  });
});
