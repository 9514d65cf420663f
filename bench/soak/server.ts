// The soak bench's server, in its own process so its RSS, heap and file descriptors are its
// own: `pulseboard serve` as in production (sim board, data on disk, default limits), users
// made up front. Prints one JSON line `{url}` when listening, then `{heap}` every few seconds
// (after a forced GC, so the number is the live heap, not garbage waiting to be collected) and
// `{eld}` (its event-loop delay, worst and p99 ms) every second.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { openUserStore } from '@pulseboard/core/auth/index';
import { createServer } from '@pulseboard/server/server';

const users = JSON.parse(process.argv[2] ?? '[]') as {
  name: string;
  password: string;
  role?: 'admin' | 'operator' | 'viewer';
}[];
// Server options, plus `productionScrypt: true` for the hashing cost `pulseboard serve` uses.
const { productionScrypt, ...extra } = JSON.parse(process.argv[3] ?? '{}') as Record<string, unknown>;
const root = mkdtempSync(join(tmpdir(), 'pb-soak-'));
const dataDir = join(root, 'data');
// By default a lower scrypt cost than production: the soak measures leaks and timeliness, not
// hashing. The attacks bench uses the real cost: Basic floods and guesses are about it.
const store = openUserStore({
  dataDir,
  ...(productionScrypt === true ? {} : { scrypt: { N: 1024, r: 8, p: 1, keylen: 32 } }),
});
for (const u of users) await store.add(u.name, u.password, u.role ?? 'operator');
const server = await createServer({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  panelDir: join(root, 'no-panel'),
  defaultMetrics: false,
  maxUsers: users.length,
  ...extra,
  logger: pino({ level: 'warn' }, pino.destination({ dest: join(root, 'server.log'), sync: true })),
});
await server.listen();
console.log(JSON.stringify({ url: server.url, log: join(root, 'server.log'), dataDir }));
const gc = (globalThis as { gc?: () => void }).gc;
// The server's own event-loop delay (issue 12: is a slow answer the server's or the bench's?):
// the worst and p99 per line, in ms, since the previous line.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const reportLoop = () => {
  const eld = { maxMs: Math.round(loopDelay.max / 1e6), p99Ms: Math.round(loopDelay.percentile(99) / 1e6) };
  loopDelay.reset();
  return eld;
};
setInterval(() => console.log(JSON.stringify({ at: Date.now(), eld: reportLoop() })), 1000).unref();
setInterval(() => {
  gc?.();
  console.log(JSON.stringify({ at: Date.now(), heap: process.memoryUsage().heapUsed }));
}, 5000);
const stop = async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
