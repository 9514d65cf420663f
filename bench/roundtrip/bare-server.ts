// The transport floor: a bare node:http + `ws` server on loopback that turns an operate message
// (WS) or POST /api/lines/:name (HTTP) straight into one state event broadcast to every client.
// No auth, no validation, no queue, no driver, no audit, one JSON.stringify per broadcast.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

function stateEvent(line: string, value: 0 | 1) {
  return {
    type: 'state',
    at: Date.now(),
    line: {
      name: line,
      label: line,
      direction: 'out',
      value,
      pending: null,
      lastChangedBy: null,
      fault: null,
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

export async function startBareServer(): Promise<BareServer> {
  const clients = new Set<WebSocket>();
  const broadcast = (event: unknown) => {
    const text = JSON.stringify(event);
    for (const c of clients) c.send(text);
  };
  const http: Server = createServer((req, res) => {
    const m = /^\/api\/lines\/([^/]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404).end();
      return;
    }
    readBody(req).then(
      (body) => {
        const { value } = JSON.parse(body) as { value: 0 | 1 };
        const line = decodeURIComponent(m[1]!);
        broadcast(stateEvent(line, value));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ line, value }));
      },
      () => res.writeHead(400).end(),
    );
  });
  const wss = new WebSocketServer({ server: http, path: '/ws', perMessageDeflate: false });
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { type: string; id?: string; line: string; value: 0 | 1 };
      if (msg.type !== 'operate') return;
      broadcast(stateEvent(msg.line, msg.value));
      ws.send(JSON.stringify({ type: 'ack', id: msg.id }));
    });
    ws.send(JSON.stringify({ type: 'hello' }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const c of clients) c.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
