import { WebSocket } from 'ws';

// Idle WebSocket clients that behave like open panels (apps/server/panel/src/data/
// live-connection.ts): they answer the server's pings (the library does that, as a browser
// does), ask the server to beat (`?beat=1`), and send the panel's own {"type":"ping"} by the
// panel's rule: after `pingMs` of silence (beatMs + 150 when hello promised beats, so not at
// all while the beats come). They read every message. The same clients visit Pulseboard and the bare `ws`
// server (which does not beat, so there they ping four times a second, as a panel would).

export interface IdleClients {
  sockets: WebSocket[];
  /** Sockets no longer open (the server ended them, e.g. for late pongs). */
  readonly closed: number;
  /** Why they ended: "code reason" → count (a close frame's code and reason; 1006 = no frame). */
  readonly endings: Map<string, number>;
  /** Messages received, all sockets together. */
  readonly received: number;
  /** Sends `message` on socket i and resolves with the reply carrying the same `id`. */
  request(i: number, message: { id: string } & Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function openIdleClients(
  url: string,
  auth: (i: number) => Record<string, string>,
  count: number,
  from = 0,
  /** 'count': an upgrade the server refuses is counted in `endings` ("refused HTTP 408"), not thrown. */
  refusals: 'throw' | 'count' = 'throw',
): Promise<IdleClients> {
  const panel = { pingMs: 250, tickMs: 50 };
  const link = new Map<WebSocket, { lastHeard: number; lastPing: number; beatMs: number | null }>();
  const sockets: WebSocket[] = [];
  const waiting = new Map<string, (msg: Record<string, unknown>) => void>();
  const endings = new Map<string, number>();
  let closing = false;
  let received = 0;
  // Open in batches of 15: a real crowd does not arrive in one instant either, and the crowd's
  // 4 processes together stay under the server's 64 sockets per address before authentication
  // (with 20 each, slow password checks under load got the 61st-80th reset: ECONNRESET).
  const batchSize = 15;
  for (let start = from; start < from + count; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, from + count - start) }, (_, k) => start + k);
    sockets.push(
      ...(
        await Promise.all(
          batch.map(
            (i) =>
              new Promise<WebSocket | null>((resolve, reject) => {
                const ws = new WebSocket(`${url}?beat=1`, { headers: auth(i), perMessageDeflate: false });
                const state = { lastHeard: Date.now(), lastPing: 0, beatMs: null as number | null };
                link.set(ws, state);
                let refused = false;
                let opened = false;
                ws.once('message', () => {
                  opened = true;
                  resolve(ws);
                });
                ws.once('unexpected-response', (req, res) => {
                  if (refusals === 'throw')
                    return reject(new Error(`client ${i}: upgrade refused with HTTP ${res.statusCode}`));
                  refused = true;
                  const why = `refused HTTP ${res.statusCode}`;
                  endings.set(why, (endings.get(why) ?? 0) + 1);
                  req.destroy();
                  resolve(null);
                });
                ws.once('error', (err: NodeJS.ErrnoException) => {
                  if (opened) return; // its close says how it ended
                  if (refusals === 'throw' || refused) return reject(err);
                  // Dropped at accept (e.g. over the pre-auth cap per address: a RST).
                  refused = true;
                  const why = `refused ${err.code ?? err.message}`;
                  endings.set(why, (endings.get(why) ?? 0) + 1);
                  resolve(null);
                });
                ws.once('close', (code, reason) => {
                  if (closing || refused) return;
                  const why = `${code} ${String(reason)}`.trim();
                  endings.set(why, (endings.get(why) ?? 0) + 1);
                });
                ws.on('message', (data: Buffer) => {
                  received += 1;
                  state.lastHeard = Date.now();
                  if (data.length === 0) return; // the server's beat
                  const msg = JSON.parse(String(data)) as Record<string, unknown>;
                  if (msg.type === 'hello' && typeof msg.beatMs === 'number') state.beatMs = msg.beatMs;
                  const done = typeof msg.id === 'string' ? waiting.get(msg.id) : undefined;
                  if (done) {
                    waiting.delete(msg.id as string);
                    done(msg);
                  }
                });
              }),
          ),
        )
      ).filter((ws): ws is WebSocket => ws !== null),
    );
  }
  const timer = setInterval(() => {
    const now = Date.now();
    for (const ws of sockets) {
      const s = link.get(ws)!;
      if (ws.readyState !== WebSocket.OPEN) continue;
      const pingAfter = s.beatMs === null ? panel.pingMs : Math.max(panel.pingMs, s.beatMs + 150);
      if (now - Math.max(s.lastHeard, s.lastPing) < pingAfter) continue;
      s.lastPing = now;
      ws.send(JSON.stringify({ type: 'ping', t: now }));
    }
  }, panel.tickMs);
  return {
    sockets,
    get closed() {
      return sockets.filter((ws) => ws.readyState !== WebSocket.OPEN).length;
    },
    endings,
    get received() {
      return received;
    },
    request(i, message) {
      return new Promise((resolve, reject) => {
        const ws = sockets[i]!;
        if (ws.readyState !== WebSocket.OPEN) return reject(new Error(`client ${i} is closed`));
        const onClose = (code: number) => reject(new Error(`client ${i} closed (${code}) before the reply`));
        ws.once('close', onClose);
        waiting.set(message.id, (msg) => {
          ws.off('close', onClose);
          resolve(msg);
        });
        ws.send(JSON.stringify(message));
      });
    },
    async close() {
      closing = true;
      clearInterval(timer);
      await Promise.all(
        sockets.map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === WebSocket.CLOSED) return resolve();
              ws.once('close', () => resolve());
              ws.close();
              setTimeout(() => ws.terminate(), 2000).unref();
            }),
        ),
      );
    },
  };
}
