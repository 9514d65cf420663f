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

  it('goes suspect after silence, lost later, and reconnects with its session id', () => {
    const conn = new LiveConnection({ url: 'ws://board/ws', suspectMs: 2500, lostMs: 6000 });
    const seen: string[] = [];
    conn.onStatus((s) => seen.push(s));
    conn.start();
    const ws = FakeWebSocket.all[0]!;
    ws.open();
    ws.receive({
      type: 'hello',
      at: 0,
      you: { user: 'a', role: 'operator', sessionId: 's-1', connectionId: 'c' },
    });
    expect(conn.status).toBe('online');

    vi.advanceTimersByTime(3000);
    expect(conn.status).toBe('suspect');
    ws.receive({ type: 'pong', at: 0 });
    expect(conn.status).toBe('online');

    vi.advanceTimersByTime(6500);
    expect(conn.status).toBe('lost');
    vi.advanceTimersByTime(1000); // first backoff is 0.5 s ± 25 %
    const again = FakeWebSocket.all[1]!;
    expect(String(again.url)).toBe('ws://board/ws?session=s-1');
    again.open();
    expect(conn.status).toBe('online');
    expect(seen).toEqual(['online', 'suspect', 'online', 'suspect', 'lost', 'online']);
    conn.stop();
  });

  it('pings about once a second and matches acks to requests', async () => {
    const conn = new LiveConnection({ url: 'ws://board/ws' });
    conn.start();
    const ws = FakeWebSocket.all[0]!;
    ws.open();
    vi.advanceTimersByTime(2100);
    expect(ws.sent.filter((m) => m.includes('"ping"')).length).toBeGreaterThanOrEqual(2);
    const pending = conn.request({ type: 'operate', line: 'pump', value: 1 });
    const sent = JSON.parse(ws.sent.at(-1)!) as { id: string };
    ws.receive({ type: 'error', at: 0, id: sent.id, error: { code: 'LOCK_HELD', message: 'held' } });
    await expect(pending).rejects.toThrow('held');
    conn.stop();
  });

  it('fails commands in flight at once when the link is lost, and shows why the server closed', async () => {
    const conn = new LiveConnection({ url: 'ws://board/ws' });
    conn.start();
    const ws = FakeWebSocket.all[0]!;
    ws.open();
    const pending = conn.request({ type: 'lock.take' });
    ws.readyState = 3;
    ws.onclose?.({ code: 4403, reason: 'Disconnected by admin' });
    await expect(pending).rejects.toThrow('Connection to the board lost');
    expect(conn.status).toBe('lost');
    expect(conn.notice).toBe('Disconnected by admin');
    conn.stop();
  });
});
