import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LIVENESS_PRESETS } from '@pulseboard/core/liveness/index';
import { socketCapability } from '@pulseboard/core/net/index';
import { startTestServer, type TestServer } from './testing/harness.js';
import { TestWsClient, upgradeStatus, type TestEvent } from './testing/ws-client.js';

describe('WebSocket /ws', () => {
  let t: TestServer;
  const open: TestWsClient[] = [];
  const client = async (user: string, headers: Record<string, string> = {}) => {
    const c = await TestWsClient.open(t.url, { Authorization: t.basic(user), ...headers });
    open.push(c);
    return c;
  };
  beforeAll(async () => {
    t = await startTestServer({ wsRate: { perSec: 5, burst: 10 }, maxPayload: 1024 });
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(() => t.close());

  it('authenticates the upgrade: no credentials 401, wrong password 401', async () => {
    expect(await upgradeStatus(t.url, {})).toBe(401);
    expect(
      await upgradeStatus(t.url, { Authorization: `Basic ${Buffer.from('alice:x').toString('base64')}` }),
    ).toBe(401);
  });

  it('refuses a foreign Origin with 403 even with valid credentials, accepts its own', async () => {
    const auth = { Authorization: t.basic('alice') };
    expect(await upgradeStatus(t.url, { ...auth, Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(t.url, { ...auth, Origin: `http://${t.host}` })).toBe(101);
  });

  it('greets with who you are and full snapshots', async () => {
    const alice = await client('alice');
    const hello = alice.events[0] as TestEvent & { you: { user: string; role: string; sessionId: string } };
    expect(hello.type).toBe('hello');
    expect(hello.you).toMatchObject({ user: 'alice', role: 'operator' });
    expect(hello).toHaveProperty('state.lines');
    expect(hello).toHaveProperty('presence.users');
    expect(hello).toHaveProperty('chat');
  });

  it('beats with empty messages to a client that asked (?beat=1) and says how often in hello', async () => {
    const auth = { Authorization: t.basic('alice') };
    const asked = await TestWsClient.open(t.url, auth, '?beat=1');
    const plain = await TestWsClient.open(t.url, auth);
    open.push(asked, plain);
    const helloOf = (c: TestWsClient) => c.events.find((e) => e.type === 'hello')!;
    expect(helloOf(plain)).not.toHaveProperty('beatMs');
    // The beat is the kernel-judged one: only where the RTO floor can be lowered (Linux >= 6.15).
    if (!socketCapability().rto.minUs) return expect(helloOf(asked)).not.toHaveProperty('beatMs');
    const beatMs = helloOf(asked).beatMs as number;
    expect(beatMs).toBeGreaterThanOrEqual(220);
    expect(beatMs).toBeLessThanOrEqual(1000);
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    const beats = [from, ...asked.beats.filter((at) => at >= from)];
    expect(beats.length).toBeGreaterThanOrEqual(4); // idle 1.5 s: a beat at least every beatMs
    const gaps = beats.slice(1).map((at, i) => at - beats[i]!);
    expect(Math.max(...gaps)).toBeLessThan(beatMs + 250); // generous: timers on a loaded machine
    expect(plain.beats).toEqual([]); // the others get unsolicited pongs, which carry no message
  });

  it('answers invalid messages with a BAD_REQUEST error and keeps the connection', async () => {
    const alice = await client('alice');
    alice.send('not json');
    expect(await alice.next((e) => e.type === 'error')).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    alice.events.length = 0;
    alice.send({ type: 'operate', id: 'x', line: 'pump', value: 9 });
    const err = await alice.next((e) => e.type === 'error');
    expect((err.error as { message: string }).message).toContain('value');
    alice.send({ type: 'ping', t: 1 });
    expect(await alice.next((e) => e.type === 'pong')).toMatchObject({ t: 1 });
  });

  it('closes a message over the size cap with 1009', async () => {
    const alice = await client('alice');
    const closed = alice.closed();
    alice.send({ type: 'chat', text: 'x'.repeat(5000) });
    expect((await closed).code).toBe(1009);
  });

  it('closes a flooding client with the RATE_LIMITED close code', async () => {
    const alice = await client('alice');
    const closed = alice.closed();
    for (let i = 0; i < 30; i++) alice.send({ type: 'ping', t: i });
    expect(await closed).toMatchObject({ code: 1008, reason: 'Too many requests' });
  });

  it('broadcasts an operation with who, what, when and from where to every other session', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    alice.send({ type: 'operate', id: 'op1', line: 'lights', value: 1 });
    expect(await alice.next((e) => e.type === 'ack' && e.id === 'op1')).toMatchObject({
      result: { line: 'lights', value: 1 },
    });
    const seen = (await bob.next(
      (e) => e.type === 'operation' && (e.operation as { status: string }).status === 'confirmed',
    )) as TestEvent & { operation: Record<string, unknown> };
    expect(seen.operation).toMatchObject({
      line: 'lights',
      value: 1,
      actor: { user: 'alice' },
      remote: '127.0.0.1',
    });
    expect(seen.operation.completedAt).toEqual(expect.any(Number));
    const state = await bob.next((e) => e.type === 'state' && (e.line as { value: number }).value === 1);
    expect(state).toMatchObject({ line: { name: 'lights', lastChangedBy: { user: 'alice' } } });
    alice.send({ type: 'operate', id: 'op2', line: 'lights', value: 0 });
    await alice.next((e) => e.id === 'op2');
  });

  it('pushes a presence change to the others and logs one detection line when a client leaves', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    const bobSession = bob.you.sessionId;
    alice.events.length = 0; // only what follows bob's exit
    bob.ws.terminate(); // a local close: the server sees FIN
    const change = await alice.next((e) => {
      const c = e.change as { type: string; user: string; state: string } | undefined;
      return e.type === 'presence' && c?.type === 'userState' && c.user === 'bob' && c.state === 'offline';
    });
    // A delta: the changed user's entry as it is now, not the whole list.
    expect(change.user).toMatchObject({ name: 'bob', state: 'offline', connections: [] });
    expect(change).not.toHaveProperty('presence');
    const detection = await alice.next(
      (e) => e.type === 'detection' && e.user === 'bob' && e.state === 'dead',
    );
    expect(detection).toMatchObject({ sessionId: bobSession, transport: 'ws', cause: expect.any(String) });
    const line = t.logLines().find((l) => l.event === 'detection' && l.user === 'bob' && l.state === 'dead');
    expect(line).toMatchObject({
      cause: expect.any(String),
      lastHeardAt: expect.any(Number),
      detectedAt: expect.any(Number),
    });
  });

  it('counts connections and detections in /metrics', async () => {
    const alice = await client('alice');
    const metrics = async () =>
      (await fetch(`${t.url}/metrics`, { headers: { Authorization: t.basic('admin') } })).text();
    expect(await metrics()).toMatch(/pulseboard_connections\{transport="ws"\} [1-9]/);
    expect(await metrics()).toMatch(/^pulseboard_users [1-9]/m);
    alice.ws.terminate();
    await vi.waitFor(async () =>
      expect(await metrics()).toMatch(/pulseboard_dead_total\{cause="fin"\} [1-9]/),
    );
    expect(await metrics()).toMatch(/pulseboard_detection_latency_seconds_count\{cause="fin"\} [1-9]/);
  });

  it('releases the lock of a session that died', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    bob.send({ type: 'lock.take', id: 'l1' });
    await bob.next((e) => e.id === 'l1' && e.type === 'ack');
    alice.send({ type: 'operate', id: 'denied', line: 'lights', value: 1 });
    expect(await alice.next((e) => e.id === 'denied')).toMatchObject({
      type: 'error',
      error: { code: 'LOCK_HELD' },
    });
    bob.ws.terminate();
    await alice.next((e) => e.type === 'lock' && (e.locks as unknown[]).length === 0);
  });

  it('lets REST calls act for the caller’s own live session only (X-Pulseboard-Session)', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    const sessionOf = (c: TestWsClient) => c.you.sessionId;
    const takeLock = (user: string, session: string) =>
      fetch(`${t.url}/api/lock`, {
        method: 'POST',
        headers: {
          Authorization: t.basic(user),
          'Content-Type': 'application/json',
          'X-Pulseboard-Session': session,
        },
        body: JSON.stringify({ lines: ['heater'] }),
      });
    // bob's session id claimed by alice: not hers, so the lock goes to her HTTP session.
    const foreign = (await (await takeLock('alice', sessionOf(bob))).json()) as {
      id: string;
      sessionId: string;
    };
    expect(foreign.sessionId).toBe('http:alice');
    await fetch(`${t.url}/api/lock?id=${foreign.id}`, {
      method: 'DELETE',
      headers: { Authorization: t.basic('alice') },
    });
    // Her own session: the lock dies with her WebSocket.
    const own = (await (await takeLock('alice', sessionOf(alice))).json()) as { sessionId: string };
    expect(own.sessionId).toBe(sessionOf(alice));
    alice.ws.terminate();
    await bob.next((e) => e.type === 'lock' && e.lockEvent === 'session-dead');
    expect(t.server.services.controller.locks()).toEqual([]);
  });

  it('carries chat both ways, as plain text', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    alice.send({ type: 'chat', id: 'c1', text: '<b>hi</b> bob' });
    expect(await bob.next((e) => e.type === 'chat')).toMatchObject({
      message: { user: 'alice', text: '<b>hi</b> bob' },
    });
    const res = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { Authorization: t.basic('bob'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'hello alice' }),
    });
    expect(res.status).toBe(201);
    expect(
      await alice.next((e) => e.type === 'chat' && (e.message as { user: string }).user === 'bob'),
    ).toBeTruthy();
    const history = (await (
      await fetch(`${t.url}/api/chat`, { headers: { Authorization: t.basic('bob') } })
    ).json()) as {
      messages: { text: string }[];
    };
    expect(history.messages.map((m) => m.text)).toEqual(
      expect.arrayContaining(['<b>hi</b> bob', 'hello alice']),
    );
  });

  it('resumes the session of a client that comes back with its session id', async () => {
    const first = await client('alice');
    const sessionId = first.you.sessionId;
    first.ws.terminate();
    await first.closed();
    const again = await TestWsClient.open(
      t.url,
      { Authorization: t.basic('alice') },
      `?session=${sessionId}`,
    );
    open.push(again);
    expect(again.you.sessionId).toBe(sessionId);
    // Another user cannot take it over: they get a session of their own.
    const bob = await TestWsClient.open(t.url, { Authorization: t.basic('bob') }, `?session=${sessionId}`);
    open.push(bob);
    expect(bob.you.sessionId).not.toBe(sessionId);
  });

  it('lists live connections on /api/presence', async () => {
    await client('alice');
    const res = await fetch(`${t.url}/api/presence`, { headers: { Authorization: t.basic('admin') } });
    const body = (await res.json()) as {
      users: { name: string; state: string; connections: { transport: string; remote: string }[] }[];
    };
    const alice = body.users.find((u) => u.name === 'alice');
    expect(alice?.state).toBe('online');
    expect(alice?.connections[0]).toMatchObject({ transport: 'ws', remote: '127.0.0.1' });
  });

  it('shows the learned RTT and loss in presence and /metrics once a heartbeat was answered', async () => {
    await client('bob');
    // The first answered ping: beside the kernel-judged beat, the application pings every
    // appIntervalMs (lan-fast: 2 s), on the beat clock's ticks (110 ms).
    const appIntervalMs = LIVENESS_PRESETS['lan-fast'].kernelBeat!.appIntervalMs;
    await new Promise((r) => setTimeout(r, appIntervalMs + 300));
    const headers = { Authorization: t.basic('admin') };
    const body = (await (await fetch(`${t.url}/api/presence`, { headers })).json()) as {
      users: { name: string; connections: { rttMs: number | null; loss?: number }[] }[];
    };
    const conn = body.users.find((u) => u.name === 'bob')!.connections.at(-1)!;
    expect(conn.rttMs).toEqual(expect.any(Number));
    expect(conn.loss).toBeGreaterThan(0); // the prior: a new link is not trusted to be loss-free
    expect(conn.loss).toBeLessThan(0.1);
    const metrics = await (await fetch(`${t.url}/metrics`, { headers })).text();
    expect(metrics).toMatch(/pulseboard_link_rtt_seconds\{stat="median"\} \d/);
    expect(metrics).toMatch(/pulseboard_link_loss_ratio\{stat="max"\} 0\.\d+/);
    expect(metrics).toMatch(/pulseboard_liveness_deadline_seconds\{stat="max"\} \d/);
  });
});

describe('SSE /api/events', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('streams hello, then events, as a presence connection', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/api/events`, {
      headers: { Authorization: t.basic('alice') },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: hello')) text += new TextDecoder().decode((await reader.read()).value);
    const presence = await fetch(`${t.url}/api/presence`, { headers: { Authorization: t.basic('bob') } });
    const users = (
      (await presence.json()) as { users: { name: string; connections: { transport: string }[] }[] }
    ).users;
    expect(users.find((u) => u.name === 'alice')?.connections[0]?.transport).toBe('sse');
    controller.abort();
  });
});
