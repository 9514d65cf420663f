// bench:attacks, the flood rows of issue 12's table (1, 7, 8, 10): many sockets, requests or
// frames for seconds, and what a normal user and the disk see meanwhile.
import { readdirSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import {
  basic,
  fdCount,
  healthWatch,
  http,
  logLines,
  loopDelays,
  rssMb,
  showHealth,
  sleep,
  type RowResult,
  type Target,
} from './attack-kit.js';

/** The yardstick: /healthz with no attack at all, on this machine at this load. */
export async function baseline(t: Target): Promise<RowResult> {
  const from = Date.now();
  loopDelays(from);
  const health = healthWatch(t);
  const kept = healthWatch(t, true);
  await sleep(5000);
  const h = await health.stop();
  const k = await kept.stop();
  const loop = loopDelays(from);
  return {
    row: 0,
    attack: 'none (yardstick, same run)',
    before: '-',
    after: `${showHealth(h, k)}; event-loop delay worst: server ${loop.server} ms, bench ${loop.bench} ms`,
  };
}

/** Row 1: one viewer opens 1000 WebSockets at once and keeps them 40 s; bob stays connected. */
export async function row1(t: Target): Promise<RowResult> {
  const bob = new WebSocket(t.wsUrl, { headers: { Authorization: basic('bob') } });
  let bobDead = 0;
  bob.on('message', (d) => {
    const e = JSON.parse(String(d)) as { type: string; user?: string; state?: string };
    if (e.type === 'detection' && e.user === 'bob' && e.state === 'dead') bobDead += 1;
  });
  await new Promise((r) => bob.once('open', r));
  const floodFrom = Date.now();
  loopDelays(floodFrom);
  const rss0 = rssMb(t.pid);
  let peak = rss0;
  const rssTimer = setInterval(() => (peak = Math.max(peak, rssMb(t.pid))), 250);
  const health = healthWatch(t);
  const kept = healthWatch(t, true);
  let bytes = 0;
  const sockets: WebSocket[] = [];
  const outcomes: Record<string, number> = {};
  await Promise.all(
    Array.from(
      { length: 1000 },
      () =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(t.wsUrl, {
            headers: { Authorization: basic('vera') },
            localAddress: '127.0.0.3',
          });
          sockets.push(ws);
          // The outcome is the close code (4408: over the cap; 1006: dropped before auth), the
          // HTTP status of a refused upgrade, or 'open' for a socket still open 20 s later.
          let settled = false;
          const done = (k: string) => {
            if (settled) return;
            settled = true;
            outcomes[k] = (outcomes[k] ?? 0) + 1;
            resolve();
          };
          ws.on('message', (d: Buffer) => (bytes += d.length));
          ws.on('open', () => setTimeout(() => done('open'), 20_000));
          ws.on('unexpected-response', (_q, res) => {
            done(`http ${res.statusCode}`);
            res.resume();
            ws.terminate();
          });
          ws.on('close', (code) => done(String(code)));
          ws.on('error', () => undefined);
        }),
    ),
  );
  await sleep(20_000); // as the issue: 40 s with the sockets open, in all
  clearInterval(rssTimer);
  const h = await health.stop();
  const k = await kept.stop();
  const loop = loopDelays(floodFrom);
  for (const ws of sockets) ws.terminate();
  bob.close();
  await sleep(2000);
  return {
    row: 1,
    attack: '1000 WebSockets from one viewer, 40 s',
    before:
      '~20 GB sent; RSS 460 MB -> 1.1 GB; /healthz up to 9.5 s; a healthy user declared dead in 1 of 2 runs',
    after:
      `${(bytes / 2 ** 20).toFixed(2)} MB sent to the flood; RSS ${rss0.toFixed(0)} -> peak ${peak.toFixed(0)} MB; ` +
      `${showHealth(h, k)}; event-loop delay worst: server ${loop.server} ms, bench ${loop.bench} ms; ` +
      `bob dead ${bobDead}x; outcomes ${JSON.stringify(outcomes)}`,
  };
}

/** Row 7: a viewer's denied operations as fast as it can for 10 s (4 in parallel). */
export async function row7(t: Target): Promise<RowResult> {
  const size = () =>
    readdirSync(t.dataDir)
      .filter((f) => f.startsWith('audit.db'))
      .reduce((n, f) => n + statSync(join(t.dataDir, f)).size, 0);
  const before = size();
  let n = 0;
  const until = Date.now() + 10_000;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < until) {
        await http(
          t,
          'POST',
          `/api/lines/pump`,
          { 'Content-Type': 'application/json', Authorization: basic('vera') },
          '{"value":1}',
        );
        n += 1;
      }
    }),
  );
  await sleep(11_000); // the coalesced counts are written when the window ends
  return {
    row: 7,
    attack: "a viewer's denied operations, 10 s flat out",
    before: '574 req/s grew audit.db by 59 MB in 10 s (~21 GB/h)',
    after: `${Math.round(n / 10)} req/s grew audit.db (+WAL) by ${((size() - before) / 1024).toFixed(0)} KiB`,
  };
}

/** Row 8: 20k frames in one write, then a reconnect-and-flood loop for 10 s. */
export async function row8(t: Target): Promise<RowResult> {
  const linesBefore = logLines(t).length;
  const ws = new WebSocket(t.wsUrl, { headers: { Authorization: basic('alice') } });
  await new Promise((r) => ws.once('open', r));
  const frame = JSON.stringify({ type: 'ping', t: 1 });
  for (let i = 0; i < 20_000; i++) ws.send(frame);
  await new Promise((r) => ws.once('close', r));
  const afterBurst = logLines(t).length - linesBefore;
  const bytes0 = statSync(t.log).size;
  const until = Date.now() + 10_000;
  let rounds = 0;
  while (Date.now() < until) {
    const c = new WebSocket(t.wsUrl, { headers: { Authorization: basic('alice') } });
    await new Promise((r) => {
      c.once('open', () => {
        for (let i = 0; i < 100; i++) c.send(frame);
      });
      c.once('close', r);
      c.once('error', r);
    });
    rounds += 1;
  }
  return {
    row: 8,
    attack: 'WS flood: 20k frames in one write; a reconnect-and-flood loop for 10 s',
    before: '19,954 log lines; 93 MB of log in 10 s',
    after: `${afterBurst} log line(s); ${rounds} reconnects wrote ${((statSync(t.log).size - bytes0) / 1024).toFixed(1)} KiB of log`,
  };
}

/** Row 10: 1500 connections/s that never authenticate, for 10 s, from one address. */
export async function row10(t: Target): Promise<RowResult> {
  const health = healthWatch(t);
  const kept = healthWatch(t, true);
  const held: Socket[] = [];
  let maxFds = 0;
  const u = new URL(t.url);
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    for (let i = 0; i < 150; i++) {
      const s = connect({ host: u.hostname, port: Number(u.port), localAddress: '127.0.0.8' });
      s.on('error', () => undefined);
      held.push(s);
    }
    maxFds = Math.max(maxFds, fdCount(t.pid));
    await sleep(100);
  }
  const h = await health.stop();
  const k = await kept.stop();
  const open = held.filter((s) => !s.destroyed && s.readyState === 'open').length;
  for (const s of held) s.destroy();
  return {
    row: 10,
    attack: '1500 unauthenticated connections/s for 10 s from one address',
    before: "a normal client's /healthz 2.3-4.0 s at ~12k open sockets",
    after: `a normal client's ${showHealth(h, k)}; server fds at most ${maxFds}; ${open} of ${held.length} client sockets still open at the end`,
  };
}
