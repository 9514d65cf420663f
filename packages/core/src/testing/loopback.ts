import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

export interface LoopbackSockets {
  /** Both ends of a fresh connection. */
  pair(): Promise<{ client: Socket; accepted: Socket }>;
  /** The server side of a fresh connection. */
  accepted(): Promise<Socket>;
  /** Stopped after each test, before its sockets are destroyed. */
  track<T extends { stop(): void }>(x: T): T;
}

/**
 * Real kernel sockets for a test file: a listener on 127.0.0.1 for the whole file and fresh
 * connections to it; every socket is destroyed after each test. `fakeTimers`: setTimeout is
 * faked for the file (beat clocks are then driven by hand). Call once at the top of a
 * `describe` (it registers the hooks).
 */
export function loopbackSockets(o: { fakeTimers?: boolean } = {}): LoopbackSockets {
  let server: Server;
  const open: Socket[] = [];
  const tracked: { stop(): void }[] = [];
  beforeAll(async () => {
    if (o.fakeTimers) vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterEach(() => {
    for (const x of tracked.splice(0)) x.stop();
    for (const s of open.splice(0)) s.destroy();
  });
  afterAll(() => {
    if (o.fakeTimers) vi.useRealTimers();
    server.close();
  });
  const pair = async () => {
    const got = new Promise<Socket>((r) => server.once('connection', r));
    const client = connect((server.address() as { port: number }).port, '127.0.0.1');
    const accepted = await got;
    open.push(client, accepted);
    return { client, accepted };
  };
  return {
    pair,
    accepted: async () => (await pair()).accepted,
    track: (x) => (tracked.push(x), x),
  };
}
