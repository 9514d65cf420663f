import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@pulseboard/core';
import { openUserStore } from '@pulseboard/core/auth/index';
import type { ServerOptionsInput } from '../options.js';
import { createServer, type PulseboardServer } from '../server.js';

// In-process server for tests: port 0, a temp data dir, seeded users, a small fake panel and
// a logger whose JSON lines the test can read.

export interface TestUser {
  name: string;
  password: string;
  role: 'admin' | 'operator' | 'viewer';
}

export const testUsers: TestUser[] = [
  { name: 'admin', password: 'admin-pw', role: 'admin' },
  { name: 'alice', password: 'alice-pw', role: 'operator' },
  { name: 'bob', password: 'bob-pw', role: 'operator' },
  { name: 'vera', password: 'vera-pw', role: 'viewer' },
];

export interface TestServer {
  server: PulseboardServer;
  url: string;
  host: string;
  dataDir: string;
  panelDir: string;
  logLines(): Record<string, unknown>[];
  basic(user: string): string;
  close(): Promise<void>;
}

export const panelJs = `console.log(${JSON.stringify('pulseboard '.repeat(200))});\n`;

async function writePanel(root: string): Promise<string> {
  const panelDir = join(root, 'panel');
  await mkdir(join(panelDir, 'assets'), { recursive: true });
  await writeFile(join(panelDir, 'index.html'), '<!doctype html><title>panel</title><div id="root"></div>\n');
  await writeFile(join(panelDir, 'assets', 'app-abc123.js'), panelJs);
  // Outside the panel folder: no request may ever read it.
  await writeFile(join(root, 'secret.txt'), 'top secret\n');
  return panelDir;
}

export async function startTestServer(
  options: ServerOptionsInput = {},
  users: TestUser[] = testUsers,
): Promise<TestServer> {
  const root = await mkdtemp(join(tmpdir(), 'pbs-test-'));
  const dataDir = join(root, 'data');
  const panelDir = await writePanel(root);
  const store = openUserStore({ dataDir, scrypt: { N: 1024, r: 8, p: 1, keylen: 32 } });
  for (const u of users) await store.add(u.name, u.password, u.role);
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const server = await createServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    panelDir,
    logger: createLogger({ level: 'info' }, sink),
    defaultMetrics: false,
    simLatencyMs: 5,
    ...options,
  });
  await server.listen();
  const passwords = new Map(users.map((u) => [u.name, u.password]));
  return {
    server,
    url: server.url,
    host: new URL(server.url).host,
    dataDir,
    panelDir,
    logLines: () => lines,
    basic: (user) => `Basic ${Buffer.from(`${user}:${passwords.get(user) ?? 'wrong'}`).toString('base64')}`,
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
