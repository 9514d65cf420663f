import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness.js';
import { TestWsClient, type TestEvent } from './testing/ws-client.js';

interface PresenceUser {
  name: string;
  state: string;
  connections: { id: string; remote: string; transport: string; since: number; rttMs: number | null }[];
}

/** One GET over `agent` (keep-alive), body parsed as JSON. */
function get(
  t: TestServer,
  agent: Agent,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${path}`, { agent, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown, socket: req.socket! }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Raw requests on one socket, written by hand (Connection header exactly as given). */
function rawSocket(t: TestServer): Promise<Socket> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}

function rawGet(socket: Socket, path: string, headers: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString();
      const end = got.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(got);
      const complete = length ? got.length >= end + 4 + Number(length[1]) : got.endsWith('\r\n0\r\n\r\n');
      if (end >= 0 && complete) {
        socket.off('data', onData);
        resolve(got);
      }
    };
    socket.on('data', onData);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`);
  });
}

/** A raw JSON request on a keep-alive socket; resolves with the status and parsed body. */
function rawJson(
  socket: Socket,
  method: string,
  path: string,
  auth: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = JSON.stringify(body);
  return new Promise((resolve) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString();
      const end = got.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(got);
      if (end < 0 || !length || got.length < end + 4 + Number(length[1])) return;
      socket.off('data', onData);
      resolve({
        status: Number(got.slice(9, 12)),
        body: JSON.parse(got.slice(end + 4)) as Record<string, unknown>,
      });
    };
    socket.on('data', onData);
    socket.write(
      `${method} ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  });
}

const httpConnections = (t: TestServer, user: string) =>
  t.server.services.presence
    .snapshot()
    .users.find((u) => u.name === user)
    ?.connections.filter((c) => c.transport === 'http') ?? [];

const isUserState = (user: string, state: string) => (e: TestEvent) => {
  const change = e.change as { type?: string; user?: string; state?: string } | undefined;
  return (
    e.type === 'presence' && change?.type === 'userState' && change.user === user && change.state === state
  );
};

describe('HTTP keep-alive connections in presence', () => {
  let t: TestServer;
  let bob: TestWsClient;
  const agents: Agent[] = [];
  const sockets: Socket[] = [];
  const keepAlive = () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };
  beforeAll(async () => {
    t = await startTestServer();
    bob = await TestWsClient.open(t.url, { Authorization: t.basic('bob') });
  });
  afterEach(async () => {
    for (const a of agents.splice(0)) a.destroy();
    for (const s of sockets.splice(0)) s.destroy();
    await vi.waitFor(() => expect(httpConnections(t, 'alice')).toEqual([]));
  });
  afterAll(async () => {
    bob.close();
    await t.close();
  });

  it('shows an authenticated keep-alive client as an http connection, and removes it when it closes', async () => {
    const agent = keepAlive();
    const auth = { Authorization: t.basic('alice') };
    const first = await get(t, agent, '/api/presence', auth);
    expect(first.status).toBe(200);
    const alice = (first.body as { users: PresenceUser[] }).users.find((u) => u.name === 'alice');
    expect(alice).toMatchObject({ state: 'online' });
    expect(alice!.connections).toEqual([
      {
        id: expect.stringMatching(/^http-/),
        remote: '127.0.0.1',
        transport: 'http',
        since: expect.any(Number),
        rttMs: expect.toBeOneOf([null, expect.any(Number)]),
        loss: expect.toBeOneOf([undefined, expect.any(Number)]),
      },
    ]);
    await bob.next(isUserState('alice', 'online'));

    // More requests on the same socket: still one connection.
    const second = await get(t, agent, '/api/state', auth);
    expect(second.socket).toBe(first.socket);
    expect(httpConnections(t, 'alice')).toHaveLength(1);
    expect(httpConnections(t, 'alice')[0]!.id).toBe(alice!.connections[0]!.id);

    // The client is done: FIN. A normal end, seen by everyone else at once.
    agent.destroy();
    await bob.next(isUserState('alice', 'offline'));
    expect(httpConnections(t, 'alice')).toEqual([]);
    const dead = t
      .logLines()
      .find(
        (l) => l.event === 'detection' && l.state === 'dead' && l.connectionId === alice!.connections[0]!.id,
      );
    expect(dead).toMatchObject({
      transport: 'http',
      user: 'alice',
      cause: expect.stringMatching(/^(fin|rst)$/),
    });
  });

  it('does not register unauthenticated requests, nor requests that close their connection', async () => {
    const socket = await rawSocket(t);
    sockets.push(socket);
    expect(await rawGet(socket, '/api/state', '')).toMatch(/^HTTP\/1.1 401/);
    expect(httpConnections(t, 'alice')).toEqual([]);
    expect(
      await rawGet(socket, '/api/state', `Authorization: ${t.basic('alice')}\r\nConnection: close\r\n`),
    ).toMatch(/^HTTP\/1.1 200/);
    expect(httpConnections(t, 'alice')).toEqual([]);
  });

  it('registers a socket at its first authenticated request, after a 401 on the same socket', async () => {
    const socket = await rawSocket(t);
    sockets.push(socket);
    expect(await rawGet(socket, '/api/me', '')).toMatch(/^HTTP\/1.1 401/);
    expect(await rawGet(socket, '/api/me', `Authorization: ${t.basic('alice')}\r\n`)).toMatch(
      /^HTTP\/1.1 200/,
    );
    expect(httpConnections(t, 'alice')).toHaveLength(1);
    // Another user's request on the same socket does not register it a second time.
    expect(await rawGet(socket, '/api/me', `Authorization: ${t.basic('vera')}\r\n`)).toMatch(
      /^HTTP\/1.1 200/,
    );
    expect(httpConnections(t, 'alice')).toHaveLength(1);
    expect(t.server.services.presence.snapshot().users.find((u) => u.name === 'vera')).toBeUndefined();
  });

  it('takes a connection out quietly when an SSE stream takes its socket over', async () => {
    const socket = await rawSocket(t);
    sockets.push(socket);
    await rawGet(socket, '/api/me', `Authorization: ${t.basic('alice')}\r\n`);
    const [http] = httpConnections(t, 'alice');
    expect(http).toBeDefined();
    const hello = new Promise<void>((resolve) => {
      let got = '';
      socket.on('data', (d: Buffer) => {
        got += d.toString();
        if (got.includes('event: hello')) resolve();
      });
    });
    socket.write(`GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: ${t.basic('alice')}\r\n\r\n`);
    await hello;
    const connections = t.server.services.presence
      .snapshot()
      .users.find((u) => u.name === 'alice')!.connections;
    expect(connections.map((c) => c.transport)).toEqual(['sse']);
    expect(t.logLines().some((l) => l.event === 'detection' && l.connectionId === http!.id)).toBe(false);
  });

  it('acts for the keep-alive connection a REST call came on; an orderly close hands what it held on', async () => {
    const { controller, presence } = t.server.services;
    const socket = await rawSocket(t);
    sockets.push(socket);
    const auth = t.basic('alice');
    const lock = await rawJson(socket, 'POST', '/api/lock', auth, { lines: ['heater'] });
    expect(lock.status).toBe(200);
    const [http] = httpConnections(t, 'alice');
    // The operator is this client's connection (its presence session), not a per-user session.
    expect(lock.body.sessionId).toBe(presence.sessionOf(http!.id));
    expect((await rawJson(socket, 'POST', '/api/lines/heater', auth, { value: 1 })).status).toBe(200);

    // The client closes its connection (FIN): an HTTP client does that between requests, so
    // nothing is driven safe; the lock passes to alice's durable REST session.
    const failsafes: unknown[] = [];
    const onFailsafe = (r: unknown) => failsafes.push(r);
    controller.on('failsafe', onFailsafe);
    try {
      socket.end();
      await vi.waitFor(() => expect(httpConnections(t, 'alice')).toEqual([]));
      await vi.waitFor(() =>
        expect(controller.locks()).toEqual([expect.objectContaining({ sessionId: 'http:alice' })]),
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(failsafes).toEqual([]);
      expect(controller.state().lines.find((l) => l.name === 'heater')?.value).toBe(1);
    } finally {
      controller.off('failsafe', onFailsafe);
      const own = { user: 'alice', role: 'operator' as const, sessionId: 'http:alice', remote: '127.0.0.1' };
      controller.releaseLock(own);
      await controller.operate(own, 'heater', 0);
    }
  });

  it('ends quietly, without a detection, when the server closes an idle keep-alive socket', async () => {
    const socket = await rawSocket(t);
    sockets.push(socket);
    await rawGet(socket, '/api/me', `Authorization: ${t.basic('alice')}\r\n`);
    const [http] = httpConnections(t, 'alice');
    expect(http).toBeDefined();
    // node:http's keepAliveTimeout (5 s) closes the idle socket.
    await new Promise((resolve) => socket.once('close', resolve));
    await vi.waitFor(() => expect(httpConnections(t, 'alice')).toEqual([]));
    expect(t.logLines().some((l) => l.event === 'detection' && l.connectionId === http!.id)).toBe(false);
    const dead = bob.events.find((e) => {
      const change = e.change as { type?: string; connectionId?: string };
      return e.type === 'presence' && change.type === 'connectionDead' && change.connectionId === http!.id;
    });
    expect(dead?.change).toMatchObject({ cause: 'idle-timeout' });
  }, 10_000);
});
