// npm run bench:attacks: the attacks of issue 12's table, measured again against a server in
// its own process (default limits, sim board, data on disk), to set beside the issue's
// "before" figures. Bounded: each attack runs seconds, on loopback only. Prints a table and
// writes JSON to bench/results/.
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';

const out = join(import.meta.dirname, '..', 'results');
const users = [
  { name: 'admin', password: 'admin-secret-1', role: 'admin' },
  { name: 'alice', password: 'alice-secret-1', role: 'operator' },
  { name: 'bob', password: 'bob-secret-1', role: 'operator' },
  { name: 'vera', password: 'vera-secret-1', role: 'viewer' },
] as const;
const pw = (n: string) => users.find((u) => u.name === n)?.password ?? 'wrong';
const basic = (n: string, p = pw(n)) => `Basic ${Buffer.from(`${n}:${p}`).toString('base64')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's event-loop delay, worst per second (bench/soak/server.ts prints it). */
const serverLoop: { at: number; maxMs: number }[] = [];
/** The bench process's own: a slow answer may be this process's, not the server's. */
const benchLoop = monitorEventLoopDelay({ resolution: 10 });
benchLoop.enable();
/** Worst event-loop delays (ms) of the server and of this process since `from`. */
function loopDelays(from: number): { server: number; bench: number } {
  const server = Math.max(0, ...serverLoop.filter((x) => x.at >= from).map((x) => x.maxMs));
  const bench = Math.round(benchLoop.max / 1e6);
  benchLoop.reset();
  return { server, bench };
}

interface Target {
  url: string;
  log: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

async function startServer(): Promise<Target> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(import.meta.dirname, 'server.ts'), JSON.stringify(users)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<Record<string, string>>((resolve) =>
    createInterface({ input: child.stdout }).on('line', (l) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      if (o.url) resolve(o as Record<string, string>);
      const eld = o.eld as { maxMs: number } | undefined;
      if (eld) serverLoop.push({ at: Date.now(), maxMs: eld.maxMs });
    }),
  );
  return {
    url: first.url!,
    log: first.log!,
    dataDir: first.dataDir!,
    pid: child.pid!,
    stop: () =>
      new Promise((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

function http(
  t: Target,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  localAddress?: string,
): Promise<{ status: number; ms: number }> {
  const u = new URL(t.url);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = request(
      { host: u.hostname, port: u.port, method, path, headers, localAddress, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t0 }));
    req.end(body);
  });
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const logLines = (t: Target) => readFileSync(t.log, 'utf8').split('\n').filter(Boolean);

/** Polls /healthz as alice every 200 ms until stopped; returns the slowest answer. */
function healthWatch(t: Target): { stop(): Promise<number> } {
  let worst = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await http(t, 'GET', '/healthz', { Authorization: basic('alice') });
      worst = Math.max(worst, r.ms);
      await sleep(200);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return Math.round(worst);
    },
  };
}

const results: { row: number; attack: string; before: string; after: string }[] = [];
const t = await startServer();
try {
  // The yardstick: /healthz with no attack at all, on this machine at this load.
  {
    const from = Date.now();
    loopDelays(from);
    const health = healthWatch(t);
    await sleep(5000);
    const worst = await health.stop();
    const loop = loopDelays(from);
    results.push({
      row: 0,
      attack: 'none (baseline)',
      before: '-',
      after: `/healthz worst ${worst} ms; event-loop delay worst: server ${loop.server} ms, bench ${loop.bench} ms`,
    });
  }

  // Row 1: one viewer opens 1000 WebSockets at once; bob stays connected.
  {
    const bob = new WebSocket(t.url.replace(/^http/, 'ws') + '/ws', {
      headers: { Authorization: basic('bob') },
    });
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
    let bytes = 0;
    const sockets: WebSocket[] = [];
    const outcomes: Record<string, number> = {};
    await Promise.all(
      Array.from(
        { length: 1000 },
        () =>
          new Promise<void>((resolve) => {
            const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/ws', {
              headers: { Authorization: basic('vera') },
              localAddress: '127.0.0.3',
            });
            sockets.push(ws);
            // The outcome is the close code (4408: over the cap; 1006: dropped before auth), or
            // 'open' for a socket still open 20 s later.
            let settled = false;
            const done = (k: string) => {
              if (settled) return;
              settled = true;
              outcomes[k] = (outcomes[k] ?? 0) + 1;
              resolve();
            };
            ws.on('message', (d: Buffer) => (bytes += d.length));
            ws.on('open', () => setTimeout(() => done('open'), 20_000));
            ws.on('close', (code) => done(String(code)));
            ws.on('error', () => undefined);
          }),
      ),
    );
    await sleep(20_000); // as the issue: 40 s with the sockets open, in all
    clearInterval(rssTimer);
    const worst = await health.stop();
    const loop = loopDelays(floodFrom);
    for (const ws of sockets) ws.terminate();
    bob.close();
    results.push({
      row: 1,
      attack: '1000 WebSockets from one viewer, 40 s',
      before:
        '~20 GB sent; RSS 460 MB -> 1.1 GB; /healthz up to 9.5 s; a healthy user declared dead in 1 of 2 runs',
      after:
        `${(bytes / 2 ** 20).toFixed(2)} MB sent to the flood; RSS ${rss0.toFixed(0)} -> peak ${peak.toFixed(0)} MB; ` +
        `/healthz worst ${worst} ms (event-loop delay worst: server ${loop.server} ms, bench ${loop.bench} ms); ` +
        `bob dead ${bobDead}x; outcomes ${JSON.stringify(outcomes)}`,
    });
    await sleep(2000);
  }

  // Row 2: 240 admin guesses, alternating with the viewer's right password.
  {
    const statuses: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 240; i++) {
      statuses.push(
        (
          await http(
            t,
            'GET',
            '/api/me',
            { Authorization: basic('admin', `guess${i}`) },
            undefined,
            '127.0.0.6',
          )
        ).status,
      );
      await http(t, 'GET', '/api/me', { Authorization: basic('vera') }, undefined, '127.0.0.6');
    }
    const tried = statuses.filter((s) => s === 401).length;
    results.push({
      row: 2,
      attack: '240 admin guesses alternating with a known viewer login',
      before: '240 guesses checked in 0.8 s, no 429',
      after: `${tried} guesses checked, ${statuses.filter((s) => s === 429).length} answered 429 (${Math.round(performance.now() - t0)} ms)`,
    });
  }

  // Row 3: 400 parallel Basic guesses with the right one at #41; alice elsewhere meanwhile.
  {
    const health = healthWatch(t);
    const answers = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        http(
          t,
          'GET',
          '/api/me',
          { Authorization: basic('bob', i === 40 ? pw('bob') : `guess${i}`) },
          undefined,
          '127.0.0.7',
        ),
      ),
    );
    const worst = await health.stop();
    results.push({
      row: 3,
      attack: '400 parallel Basic guesses, the right one at #41',
      before: '#41 got 200; a normal Basic user elsewhere waited 7-19 s',
      after: `#41 got ${answers[40]!.status}; ${answers.filter((a) => a.status === 200).length} x 200, ${answers.filter((a) => a.status === 429).length} x 429; alice's /healthz worst ${worst} ms`,
    });
  }

  // Row 5: bob queues 150 commands on a line, then alice takes the lock and operates it.
  {
    const json = { 'Content-Type': 'application/json' };
    const bobs = Array.from({ length: 150 }, (_, i) =>
      http(
        t,
        'POST',
        '/api/lines/lights',
        { ...json, Authorization: basic('bob') },
        JSON.stringify({ value: i % 2 }),
      ),
    );
    await sleep(300);
    await http(
      t,
      'POST',
      '/api/lock',
      { ...json, Authorization: basic('alice') },
      JSON.stringify({ lines: ['lights'] }),
    );
    const op = await http(
      t,
      'POST',
      '/api/lines/lights',
      { ...json, Authorization: basic('alice') },
      '{"value":1}',
    );
    const codes: Record<number, number> = {};
    for (const r of await Promise.all(bobs)) codes[r.status] = (codes[r.status] ?? 0) + 1;
    await http(t, 'DELETE', '/api/lock', { Authorization: basic('alice') });
    results.push({
      row: 5,
      attack: '150 queued commands by one user, then another takes the lock',
      before: "lock holder waited 13.3 s; 138 of the other user's commands ran after the lock",
      after: `lock holder's command answered ${op.status} in ${Math.round(op.ms)} ms; bob's 150: ${JSON.stringify(codes)} (200 ran, 429 refused, 409 LOCK_TAKEN/LOCK_HELD)`,
    });
  }

  // Row 7: a viewer's denied operations as fast as it can for 10 s (4 in parallel).
  {
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
    results.push({
      row: 7,
      attack: "a viewer's denied operations, 10 s flat out",
      before: '574 req/s grew audit.db by 59 MB in 10 s (~21 GB/h)',
      after: `${Math.round(n / 10)} req/s grew audit.db (+WAL) by ${((size() - before) / 1024).toFixed(0)} KiB`,
    });
  }

  // Row 8: 20k frames in one write, then a reconnect loop for 10 s.
  {
    const linesBefore = logLines(t).length;
    const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/ws', {
      headers: { Authorization: basic('alice') },
    });
    await new Promise((r) => ws.once('open', r));
    const frame = JSON.stringify({ type: 'ping', t: 1 });
    for (let i = 0; i < 20_000; i++) ws.send(frame);
    await new Promise((r) => ws.once('close', r));
    const afterBurst = logLines(t).length - linesBefore;
    const bytes0 = statSync(t.log).size;
    const until = Date.now() + 10_000;
    let rounds = 0;
    while (Date.now() < until) {
      const c = new WebSocket(t.url.replace(/^http/, 'ws') + '/ws', {
        headers: { Authorization: basic('alice') },
      });
      await new Promise((r) => {
        c.once('open', () => {
          for (let i = 0; i < 100; i++) c.send(frame);
        });
        c.once('close', r);
        c.once('error', r);
      });
      rounds += 1;
    }
    results.push({
      row: 8,
      attack: 'WS flood: 20k frames in one write; a reconnect-and-flood loop for 10 s',
      before: '19,954 log lines; 93 MB of log in 10 s',
      after: `${afterBurst} log line(s); ${rounds} reconnects wrote ${((statSync(t.log).size - bytes0) / 1024).toFixed(1)} KiB of log`,
    });
  }

  // Row 10: 1500 connections/s that never authenticate, for 10 s, from one address.
  {
    const health = healthWatch(t);
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
    const worst = await health.stop();
    const open = held.filter((s) => !s.destroyed && s.readyState === 'open').length;
    for (const s of held) s.destroy();
    results.push({
      row: 10,
      attack: '1500 unauthenticated connections/s for 10 s from one address',
      before: "a normal client's /healthz 2.3-4.0 s at ~12k open sockets",
      after: `a normal client's /healthz worst ${worst} ms; server fds at most ${maxFds}; ${open} of ${held.length} client sockets still open at the end`,
    });
  }
} finally {
  await t.stop();
}

const table = [
  `issue 12, attacks again (load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`,
  '',
  '| row | attack | before (issue) | after |',
  '| --- | --- | --- | --- |',
  ...results.map((r) => `| ${r.row} | ${r.attack} | ${r.before} | ${r.after} |`),
].join('\n');
console.log(table);
mkdirSync(out, { recursive: true });
const file = join(out, `attacks-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ bench: 'attacks', loadavg: loadavg(), results }, null, 2) + '\n');
console.log(`\nresults: ${file}`);
process.exit(0);
