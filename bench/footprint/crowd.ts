import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openIdleClients } from './clients.js';

// The idle crowd spread over several processes: 200 open panels are 200 browsers, each with its
// own event loop. In one process a single busy loop made all of them late with their pongs at
// once (the server then rightly ended them), which measured the bench rather than the board.

export interface CrowdReport {
  /** Sockets no longer open (refused upgrades are only in `endings`). */
  closed: number;
  /** Why they ended: "close-code reason" → count (1006: no close frame, the server cut it). */
  endings: Record<string, number>;
  /** Messages received, all sockets together. */
  received: number;
  /** The worst event-loop delay seen in any client process (ms). */
  lagMaxMs: number;
}

export interface IdleCrowd {
  report(): Promise<CrowdReport>;
  close(): Promise<void>;
}

type ToChild =
  { open: { url: string; headers: Record<string, string>[]; from: number } } | 'report' | 'close';

/** Opens `headers.length` idle clients over `processes` child processes. */
export async function openIdleCrowd(
  url: string,
  headers: Record<string, string>[],
  from: number,
  processes = 4,
): Promise<IdleCrowd> {
  const per = Math.ceil(headers.length / processes);
  const kids: ChildProcess[] = [];
  const ask = <T>(kid: ChildProcess, msg: ToChild) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`crowd process exited (${code})`));
      kid.once('exit', onExit);
      kid.once('message', (m: T | { error: string }) => {
        kid.off('exit', onExit);
        if (m && typeof m === 'object' && 'error' in m) reject(new Error(m.error));
        else resolve(m as T);
      });
      kid.send(msg);
    });
  try {
    for (let k = 0; k * per < headers.length; k++) {
      // The bench runs from source: the child runs this very file through tsx.
      kids.push(fork(import.meta.filename, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }));
    }
    await Promise.all(
      kids.map((kid, k) =>
        ask(kid, { open: { url, headers: headers.slice(k * per, (k + 1) * per), from: from + k * per } }),
      ),
    );
  } catch (err) {
    for (const kid of kids) kid.kill();
    throw err;
  }
  return {
    async report() {
      const all = await Promise.all(kids.map((kid) => ask<CrowdReport>(kid, 'report')));
      const endings: Record<string, number> = {};
      for (const r of all)
        for (const [why, n] of Object.entries(r.endings)) endings[why] = (endings[why] ?? 0) + n;
      return {
        closed: all.reduce((s, r) => s + r.closed, 0),
        endings,
        received: all.reduce((s, r) => s + r.received, 0),
        lagMaxMs: Math.max(...all.map((r) => r.lagMaxMs)),
      };
    },
    async close() {
      await Promise.all(
        kids.map(async (kid) => {
          const exited = new Promise((r) => kid.once('exit', r));
          if (kid.connected) kid.send('close');
          await exited;
        }),
      );
    },
  };
}

// The child side: opens its share, answers reports, closes on request.
if (process.send && process.argv[1] === import.meta.filename) {
  let clients: Awaited<ReturnType<typeof openIdleClients>> | undefined;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  process.on('message', (msg: ToChild) => {
    void (async () => {
      try {
        if (msg === 'report') {
          process.send!({
            closed: clients!.closed,
            endings: Object.fromEntries(clients!.endings),
            received: clients!.received,
            lagMaxMs: lag.max / 1e6,
          } satisfies CrowdReport);
        } else if (msg === 'close') {
          await clients?.close();
          process.exit(0);
        } else {
          const { url, headers, from } = msg.open;
          clients = await openIdleClients(url, (i) => headers[i - from]!, headers.length, from, 'count');
          lag.enable();
          process.send!({ up: true });
        }
      } catch (err) {
        process.send!({ error: (err as Error).message });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
}
