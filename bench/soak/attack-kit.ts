// Shared pieces of `npm run bench:attacks`: the server under attack (its own process, default
// limits), raw HTTP with the TCP connect timed apart from the answer, and the watchers that say
// how a normal user fares meanwhile.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

export const users = [
  { name: 'admin', password: 'admin-secret-1', role: 'admin' },
  { name: 'alice', password: 'alice-secret-1', role: 'operator' },
  { name: 'bob', password: 'bob-secret-1', role: 'operator' },
  { name: 'vera', password: 'vera-secret-1', role: 'viewer' },
] as const;
export const pw = (n: string) => users.find((u) => u.name === n)?.password ?? 'wrong';
export const basic = (n: string, p = pw(n)) => `Basic ${Buffer.from(`${n}:${p}`).toString('base64')}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RowResult {
  row: number;
  attack: string;
  before: string;
  after: string;
}

export interface Target {
  url: string;
  wsUrl: string;
  log: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

/** The server's event-loop delay, worst per second (bench/soak/server.ts prints it). */
const serverLoop: { at: number; maxMs: number }[] = [];
/** The bench process's own: a slow answer may be this process's, not the server's. */
const benchLoop = monitorEventLoopDelay({ resolution: 10 });
benchLoop.enable();

/** Worst event-loop delays (ms) of the server and of this process since `from`. */
export function loopDelays(from: number): { server: number; bench: number } {
  const server = Math.max(0, ...serverLoop.filter((x) => x.at >= from).map((x) => x.maxMs));
  const bench = Math.round(benchLoop.max / 1e6);
  benchLoop.reset();
  return { server, bench };
}

/** `nodeArgs`: e.g. ['--cpu-prof'] to see where the server spends a flood. */
export async function startServer(script: string, nodeArgs: string[] = []): Promise<Target> {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--conditions=source',
      '--import',
      'tsx',
      script,
      JSON.stringify(users),
      JSON.stringify({ productionScrypt: true }),
    ],
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
    wsUrl: first.url!.replace(/^http/, 'ws') + '/ws',
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

export interface Answer {
  status: number;
  /** From the request to the last byte of the answer. */
  ms: number;
  /** From the request to the TCP connection being established (SYN queue, accept backlog). */
  connectMs: number;
  body: string;
}

/** One request on a fresh connection (no agent): a normal client's view, connect included. */
export function http(
  t: Target,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  localAddress?: string,
  agent: Agent | false = false,
): Promise<Answer> {
  const u = new URL(t.url);
  const t0 = performance.now();
  let connectMs = -1;
  return new Promise((resolve) => {
    const req = request(
      { host: u.hostname, port: u.port, method, path, headers, localAddress, agent },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d.length < 65536 ? d : ''));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, connectMs, body: text }),
        );
      },
    );
    req.on('socket', (s) => {
      if (!s.connecting)
        connectMs = 0; // a kept-alive connection: nothing to wait for
      else s.once('connect', () => (connectMs = performance.now() - t0));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t0, connectMs, body: '' }));
    req.end(body);
  });
}

/** Raw bytes on a fresh socket; resolves with everything answered before the server closed. */
export function raw(t: Target, text: string): Promise<string> {
  const u = new URL(t.url);
  return new Promise((resolve) => {
    let answer = '';
    const s = connect({ host: u.hostname, port: Number(u.port) }, () => s.write(text));
    s.on('data', (d: Buffer) => (answer += d.toString()));
    s.on('close', () => resolve(answer));
    s.on('error', () => resolve(answer));
    setTimeout(() => s.destroy(), 5000);
  });
}

export const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
export const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
export const logLines = (t: Target) => readFileSync(t.log, 'utf8').split('\n').filter(Boolean);

export interface HealthFigures {
  /** Slowest whole answer, ms. */
  worst: number;
  /** Slowest TCP connect among them, ms (a full accept queue shows here: SYN retries). */
  worstConnect: number;
  /** Slowest answer once connected, ms (the server's own work). */
  worstServed: number;
  count: number;
}

export const showHealth = (h: HealthFigures, kept?: HealthFigures) =>
  `/healthz on a new connection worst ${h.worst} ms (connect ${h.worstConnect} ms, then ${h.worstServed} ms, n=${h.count})` +
  (kept ? `, on a kept-alive connection worst ${kept.worst} ms (n=${kept.count})` : '');

/**
 * Polls /healthz as alice every 200 ms until stopped: on a new connection each time (a client
 * arriving: it queues behind a flood in the kernel's accept queue), or with `keepAlive` on one
 * connection opened before (a panel already there: only the server's own delay counts).
 */
export function healthWatch(t: Target, keepAlive = false): { stop(): Promise<HealthFigures> } {
  const agent = keepAlive ? new Agent({ keepAlive: true, maxSockets: 1 }) : false;
  const f: HealthFigures = { worst: 0, worstConnect: 0, worstServed: 0, count: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await http(
        t,
        'GET',
        '/healthz',
        { Authorization: basic('alice') },
        undefined,
        undefined,
        agent,
      );
      f.count += 1;
      f.worst = Math.max(f.worst, Math.round(r.ms));
      f.worstConnect = Math.max(f.worstConnect, Math.round(r.connectMs));
      f.worstServed = Math.max(f.worstServed, Math.round(r.ms - Math.max(0, r.connectMs)));
      await sleep(200);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      if (agent) agent.destroy();
      return f;
    },
  };
}
