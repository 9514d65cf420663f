import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readTcpSettings } from '../net/tune.js';
import { KernelBeat } from './kernel-beat.js';
import { LivenessTracker } from './tracker.js';
import { TimerWheel } from './wheel.js';

// Real loopback sockets (TCP_USER_TIMEOUT read back from the kernel); the beat's own steps are
// driven by hand (run()), so nothing here depends on timer precision.
describe('KernelBeat', () => {
  let server: Server;
  const open: Socket[] = [];
  const beats: KernelBeat[] = [];
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterEach(() => {
    for (const b of beats.splice(0)) b.stop();
    for (const s of open.splice(0)) s.destroy();
  });
  afterAll(() => server.close());

  async function accepted(): Promise<Socket> {
    const got = new Promise<Socket>((r) => server.once('connection', r));
    const client = connect((server.address() as { port: number }).port, '127.0.0.1');
    const socket = await got;
    open.push(client, socket);
    return socket;
  }

  function start(socket: Socket, sent: number[]) {
    const beat = new KernelBeat(
      new LivenessTracker(),
      socket,
      () => {
        sent.push(Date.now());
        socket.write(Buffer.from([0x8a, 0x00]));
      },
      { intervalMs: 220, userTimeoutMs: 230, budgetMs: 1800 },
      new TimerWheel(),
    );
    beats.push(beat);
    return beat;
  }

  it('sets the short user timeout, and beats when nothing else left for an interval', async () => {
    const socket = await accepted();
    const sent: number[] = [];
    const t0 = Date.now();
    const beat = start(socket, sent);
    expect(readTcpSettings(socket)?.userTimeoutMs).toBe(230);
    beat.run(t0 + 110);
    expect(sent).toHaveLength(0); // half an interval: nothing due yet
    beat.run(t0 + 220);
    expect(sent).toHaveLength(1); // idle for an interval: a beat
    socket.write('an event');
    beat.run(t0 + 330);
    beat.run(t0 + 390); // (a beat may come one grid step, 44 ms, early: from 396 on)
    expect(sent).toHaveLength(1); // the event (seen at 330, sent after 220) was the beat
    beat.run(t0 + 440);
    expect(sent).toHaveLength(2); // an interval after the event at the latest
    beat.heard(t0 + 500); // the peer's own frame
    beat.run(t0 + 660);
    expect(sent).toHaveLength(2);
    beat.run(t0 + 700);
    expect(sent).toHaveLength(3); // an interval after the peer was heard
  });

  it('while writes back up (a closed window), the user timeout is the budget until they drain', async () => {
    const socket = await accepted();
    const sent: number[] = [];
    const beat = start(socket, sent);
    // Node-side backlog, as when the peer's window is closed: cork keeps the write in Node.
    socket.cork();
    socket.write('x'.repeat(1000));
    const t0 = Date.now();
    beat.run(t0 + 220);
    expect(readTcpSettings(socket)?.userTimeoutMs).toBe(1800);
    expect(sent).toHaveLength(0);
    socket.uncork();
    await new Promise((r) => setImmediate(r));
    beat.run(t0 + 330);
    expect(readTcpSettings(socket)?.userTimeoutMs).toBe(230);
  });
});
