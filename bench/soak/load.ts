// The soak bench's load, in its own process (its event loop must not delay the healthy probe):
// N users each connecting, authenticating and closing a WebSocket in a loop, and every
// `floodEveryMs` a flood of `floodSize` sockets opened at once by one more user from another
// address (127.0.0.2). Prints a JSON line of counters every 5 s and at the end.
import { WebSocket } from 'ws';

interface Args {
  url: string;
  users: { name: string; password: string }[];
  flooder: { name: string; password: string };
  durationMs: number;
  floodEveryMs: number;
  floodSize: number;
}
const a = JSON.parse(process.argv[2]!) as Args;
const wsUrl = a.url.replace(/^http/, 'ws') + '/ws';
const basic = (u: { name: string; password: string }) =>
  `Basic ${Buffer.from(`${u.name}:${u.password}`).toString('base64')}`;
const churnErrorCodes: Record<string, number> = {};
const counts = {
  churnErrorCodes,
  churned: 0,
  churnErrors: 0,
  floodWaves: 0,
  floodAccepted: 0,
  floodRefused: 0,
  floodDropped: 0,
};
const until = Date.now() + a.durationMs;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connect, wait for hello, close; resolves when closed (or failed). */
function cycle(user: { name: string; password: string }): Promise<boolean | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, { headers: { Authorization: basic(user) } });
    const timer = setTimeout(() => ws.terminate(), 10_000);
    let ok = false;
    let why = 'timeout';
    ws.on('unexpected-response', (_q, res) => {
      why = `http ${res.statusCode}`;
      res.resume();
      ws.terminate();
    });
    ws.on('message', (d) => {
      if (!ok && String(d).startsWith('{"type":"hello"')) {
        ok = true;
        ws.close(1000);
      }
    });
    ws.on('error', (e) => (why = why === 'timeout' ? e.message.slice(0, 40) : why));
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve(ok || (why === 'timeout' ? `close ${code}` : why));
    });
  });
}

async function churn(user: { name: string; password: string }): Promise<void> {
  while (Date.now() < until) {
    const r = await cycle(user);
    if (r === true) counts.churned += 1;
    else {
      counts.churnErrors += 1;
      churnErrorCodes[String(r)] = (churnErrorCodes[String(r)] ?? 0) + 1;
    }
    await sleep(200 + Math.random() * 300);
  }
}

/** floodSize sockets at once; the ones that got in stay 2 s, then everything is closed. */
async function flood(): Promise<void> {
  counts.floodWaves += 1;
  const sockets: WebSocket[] = [];
  const outcomes = await Promise.all(
    Array.from(
      { length: a.floodSize },
      () =>
        new Promise<'accepted' | 'refused' | 'dropped'>((resolve) => {
          const ws = new WebSocket(wsUrl, {
            headers: { Authorization: basic(a.flooder) },
            localAddress: '127.0.0.2',
            handshakeTimeout: 15_000,
          });
          sockets.push(ws);
          let opened = false;
          ws.on('open', () => {
            opened = true;
            setTimeout(() => resolve('accepted'), 2000);
          });
          ws.on('error', () => undefined);
          // Over the user's cap: 4408 after authentication, or HTTP 429 before it (Basic).
          ws.on('unexpected-response', (_q, res) => {
            res.resume();
            ws.terminate();
            resolve(res.statusCode === 429 ? 'refused' : 'dropped');
          });
          ws.on('close', (code) => resolve(code === 4408 ? 'refused' : opened ? 'accepted' : 'dropped'));
        }),
    ),
  );
  for (const o of outcomes)
    counts[o === 'accepted' ? 'floodAccepted' : o === 'refused' ? 'floodRefused' : 'floodDropped'] += 1;
  for (const ws of sockets) ws.terminate();
}

const report = setInterval(() => console.log(JSON.stringify(counts)), 5000);
const floods = (async () => {
  await sleep(Math.min(5000, a.floodEveryMs / 2));
  while (Date.now() < until) {
    await flood();
    await sleep(Math.max(0, a.floodEveryMs - 2000));
  }
})();
await Promise.all([...a.users.map(churn), floods]);
clearInterval(report);
console.log(JSON.stringify({ ...counts, done: true }));
process.exit(0);
