import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TcpInfo } from '../net/tcp-info.js';
import { CLOSE_SETTLE_MS, watchSocket } from './socket-watch.js';
import type { LivenessSnapshot } from './types.js';

// Under load the periodic TCP_INFO sample can run before the poll phase that delivers the
// kernel's ETIMEDOUT: the sample already sees the socket CLOSEd. The cause must still come from
// the error (keepalive-timeout / user-timeout), not be reported as tcp-state.

const tcpInfo = vi.hoisted(() => ({ next: undefined as Partial<TcpInfo> | undefined }));
vi.mock('../net/tcp-info.js', () => ({
  readTcpInfo: () => (tcpInfo.next ? { ...established, ...tcpInfo.next } : undefined),
}));

const established = {
  state: 'ESTABLISHED',
  probes: 0,
  backoff: 0,
  retransmits: 0,
  unacked: 0,
  notsentBytes: 0,
  rttMs: 0.3,
  rttVarMs: 0.1,
  segsOut: 0,
  totalRetrans: 0,
  lastAckRecvMs: 10,
  lastDataRecvMs: 10,
} as unknown as TcpInfo;

/** Just what attachSocket reads from a socket. */
function fakeSocket(): Socket {
  return Object.assign(new EventEmitter(), { bytesRead: 0, bytesWritten: 0, writableLength: 0 }) as never;
}

const timedOut = () => Object.assign(new Error('read ETIMEDOUT'), { code: 'ETIMEDOUT' });

describe('watchSocket when a TCP_INFO sample sees CLOSE before the error arrives', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    tcpInfo.next = undefined;
  });

  function start(unackedBeforeClose: number) {
    const socket = fakeSocket();
    tcpInfo.next = { unacked: unackedBeforeClose };
    const w = watchSocket(socket, { tune: false, sampleIntervalMs: 100 }); // first sample now
    const dead: LivenessSnapshot[] = [];
    w.on('dead', (s) => dead.push(s));
    // The kernel gave up; a closed socket's counters no longer show what was in flight.
    tcpInfo.next = { state: 'CLOSE' as TcpInfo['state'], unacked: 0 };
    vi.advanceTimersToNextTimer(); // the next sample sees CLOSE (idle: a probe-wait after keepIdle)
    return { socket, dead };
  }

  it('data in flight: the ETIMEDOUT that follows is user-timeout, detected when CLOSE was seen', () => {
    const { socket, dead } = start(2);
    const closeSeenAt = Date.now();
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(3);
    socket.emit('error', timedOut());
    socket.emit('close');
    expect(dead).toEqual([
      expect.objectContaining({ cause: 'user-timeout', detail: 'ETIMEDOUT', detectedAt: closeSeenAt }),
    ]);
  });

  it('idle: the ETIMEDOUT that follows is keepalive-timeout', () => {
    const { socket, dead } = start(0);
    socket.emit('error', timedOut());
    expect(dead).toEqual([expect.objectContaining({ cause: 'keepalive-timeout', detail: 'ETIMEDOUT' })]);
  });

  it('an RST that follows is rst', () => {
    const { socket, dead } = start(0);
    socket.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    expect(dead).toEqual([expect.objectContaining({ cause: 'rst' })]);
  });

  it(`nothing within ${CLOSE_SETTLE_MS} ms: tcp-state, dated when CLOSE was seen`, () => {
    const { dead } = start(0);
    const closeSeenAt = Date.now();
    vi.advanceTimersByTime(CLOSE_SETTLE_MS - 1);
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(dead).toEqual([
      expect.objectContaining({
        cause: 'tcp-state',
        detail: 'TCP_INFO state CLOSE',
        detectedAt: closeSeenAt,
      }),
    ]);
  });

  it('close() during the wait reports nothing', () => {
    const w = watchSocket(fakeSocket(), { tune: false, sampleIntervalMs: 100 });
    const onDead = vi.fn();
    w.on('dead', onDead);
    tcpInfo.next = { state: 'CLOSE' as TcpInfo['state'] };
    vi.advanceTimersToNextTimer();
    w.close();
    vi.advanceTimersByTime(CLOSE_SETTLE_MS * 2);
    expect(onDead).not.toHaveBeenCalled();
  });
});
