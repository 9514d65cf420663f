import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveConnection } from './live-connection.js';

class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 3;
  static all: FakeWebSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e?: { code?: number; reason?: string }) => void) | null = null;
  constructor(readonly url: string | URL) {
    FakeWebSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(event: unknown) {
    this.onmessage?.({ data: JSON.stringify(event) });
  }
  beat() {
    this.onmessage?.({ data: '' });
  }
  get pings() {
    return this.sent.filter((m) => m.includes('"ping"')).length;
  }
}

describe('LiveConnection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.all = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('is connecting until hello, cut off within 1 s of silence, live again when the server speaks, redials with its session', () => {
    const conn = new LiveConnection({ url: 'ws://board/ws' });
    const seen: string[] = [];
    conn.onStatus((s) => {
      if (seen.at(-1) !== s) seen.push(s);
    });
    conn.start();
    const ws = FakeWebSocket.all[0]!;
    ws.open();
    expect(conn.status).toBe('connecting'); // open, but the server has said nothing yet
    ws.receive({ type: 'pong', at: 0, t: Date.now() });
    expect(conn.status).toBe('connecting'); // a pong is not the board's state
    ws.receive({
      type: 'hello',
      at: 0,
      you: { user: 'a', role: 'operator', sessionId: 's-1', connectionId: 'c' },
    });
    expect(conn.status).toBe('online');

    // The server goes silent (it would answer a ping every 250 ms): cut off in under a second.
    vi.advanceTimersByTime(600);
    expect(conn.status).toBe('online');
    vi.advanceTimersByTime(150);
    expect(conn.status).toBe('reconnecting');
    expect(conn.cutAt).not.toBeNull();
    expect(ws.sent.filter((m) => m.includes('"ping"')).length).toBeGreaterThanOrEqual(3);
    ws.receive({ type: 'pong', at: 0 }); // the same socket again: nothing was missed on it
    expect(conn.status).toBe('online');
    expect(conn.cutAt).toBeNull();

    vi.advanceTimersByTime(6500);
    expect(conn.status).toBe('reconnecting');
    vi.advanceTimersByTime(1000); // first backoff is 0.5 s ± 25 %
    const again = FakeWebSocket.all[1]!;
    expect(String(again.url)).toBe('ws://board/ws?beat=1&session=s-1');
    again.open();
    expect(conn.status).toBe('reconnecting'); // open is not enough: the new hello is
    again.receive({
      type: 'hello',
      at: 0,
      you: { user: 'a', role: 'operator', sessionId: 's-1', connectionId: 'c2' },
    });
    expect(conn.status).toBe('online');
    expect(seen).toEqual(['connecting', 'online', 'reconnecting', 'online', 'reconnecting', 'online']);
    conn.stop();
  });

  it('pings a server that does not beat four times a second and matches acks to requests', async () => {
    const conn = new LiveConnection({ url: 'ws://board/ws' });
    conn.start();
    const ws = FakeWebSocket.all[0]!;
    ws.open();
    ws.receive({
      type: 'hello',
      at: 0,
      you: { user: 'a', role: 'operator', sessionId: 's', connectionId: 'c' },
    });
    for (let i = 0; i < 20; i++) {
      const before = ws.pings;
      vi.advanceTimersByTime(50);
      if (ws.pings > before) ws.receive({ type: 'pong', at: 0 }); // the server answers each ping
    }
    expect(ws.pings).toBeGreaterThanOrEqual(4);
    expect(ws.pings).toBeLessThanOrEqual(6);
    const pending = conn.request({ type: 'operate', line: 'pump', value: 1 });
    const sent = JSON.parse(ws.sent.at(-1)!) as { id: string };
    ws.receive({ type: 'error', at: 0, id: sent.id, error: { code: 'LOCK_HELD', message: 'held' } });
    await expect(pending).rejects.toThrow('held');
    conn.stop();
  });

  it('asks the server to beat; while it beats, does not ping and shows the RTT the server measured; cut off when the beats stop', () => {
    const conn = new LiveConnection({ url: 'ws://board/ws' });
    conn.start();
    const ws = FakeWebSocket.all[0]!;
    expect(new URL(String(ws.url)).searchParams.get('beat')).toBe('1');
    ws.open();
    ws.receive({
      type: 'hello',
      at: 0,
      you: { user: 'a', role: 'operator', sessionId: 's', connectionId: 'c' },
      presence: { users: [{ user: 'a', connections: [{ id: 'c', rttMs: 3.5 }] }] },
      beatMs: 550,
    });
    expect(conn.rttMs).toBe(3.5);
    const first = ws.pings; // the ping sent on open
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(400); // 4 s of beats, 400 ms apart
      ws.beat();
    }
    expect(conn.status).toBe('online');
    expect(ws.pings - first).toBe(0);
    ws.receive({ type: 'presence', at: 0, change: { type: 'rtt' }, rtt: { other: 9, c: 4.2 } });
    expect(conn.rttMs).toBe(4.2);
    vi.advanceTimersByTime(800); // beats stop: 800 ms is within beatMs + 300
    expect(conn.status).toBe('online');
    expect(ws.pings - first).toBe(1); // and after beatMs + 150 of silence it asks once itself
    vi.advanceTimersByTime(100);
    expect(conn.status).toBe('reconnecting');
    ws.beat(); // heard again on the same socket
    expect(conn.status).toBe('online');
    conn.stop();
  });

  it('starts no command while cut off', async () => {
    const conn = new LiveConnection({ url: 'ws://board/ws' });
    conn.start();
    const ws = FakeWebSocket.all[0]!;
    ws.open();
    await expect(conn.request({ type: 'lock.take' })).rejects.toThrow('Not connected'); // no hello yet
    ws.receive({
      type: 'hello',
      at: 0,
      you: { user: 'a', role: 'operator', sessionId: 's', connectionId: 'c' },
    });
    vi.advanceTimersByTime(1000);
    expect(conn.status).toBe('reconnecting');
    const before = ws.sent.length;
    await expect(conn.request({ type: 'lock.take' })).rejects.toThrow('Not connected');
    expect(ws.sent.slice(before).some((m) => m.includes('lock.take'))).toBe(false);
    conn.stop();
  });

  it('fails commands in flight at once when the link is lost, and shows why the server closed', async () => {
    const conn = new LiveConnection({ url: 'ws://board/ws' });
    conn.start();
    const ws = FakeWebSocket.all[0]!;
    ws.open();
    ws.receive({
      type: 'hello',
      at: 0,
      you: { user: 'a', role: 'operator', sessionId: 's', connectionId: 'c' },
    });
    const pending = conn.request({ type: 'lock.take' });
    ws.readyState = 3;
    ws.onclose?.({ code: 4403, reason: 'Disconnected by admin' });
    await expect(pending).rejects.toThrow('Connection to the board lost');
    expect(conn.status).toBe('reconnecting');
    expect(conn.notice).toBe('Disconnected by admin');
    conn.stop();
  });
});
