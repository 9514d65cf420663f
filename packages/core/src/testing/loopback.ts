import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Real kernel sockets for a test file: a listener on 127.0.0.1 for the whole file, and
 * `accepted()`, the server side of a fresh connection. Every socket is destroyed after each test.
 * Call once at the top of a `describe` (it registers the hooks).
 */
export function loopbackSockets(): { accepted(): Promise<Socket> } {
  let server: Server;
  const open: Socket[] = [];
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.destroy();
  });
  afterAll(() => {
    server.close();
  });
  return {
    async accepted() {
      const got = new Promise<Socket>((r) => server.once('connection', r));
      const client = connect((server.address() as { port: number }).port, '127.0.0.1');
      const socket = await got;
      open.push(client, socket);
      return socket;
    },
  };
}
