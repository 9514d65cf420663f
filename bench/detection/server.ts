import { createServer as createHttpServer } from 'node:http';
import type { Server, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { CONFIGS, type Watched } from './configs.js';

const STREAM_EVERY_MS = 50;
const CHUNK = 'x'.repeat(100);

/** Connection ids are `HOST.CONFIG.MODE.K`; the config and mode decide how it is served. */
export function parseId(id: string): { host: string; config: string; mode: 'idle' | 'stream'; k: number } {
  const [host, config, mode, k] = id.split('.');
  return { host: host!, config: config!, mode: mode === 'stream' ? 'stream' : 'idle', k: Number(k) };
}

export class BenchServer {
  private readonly waiting = new Map<string, (w: Watched) => void>();
  private readonly watched = new Map<string, Watched>();

  constructor(tcp: Server, wsTcp: Server) {
    tcp.on('connection', (socket: Socket) => {
      socket.on('error', () => {}); // configs without a watch must not crash the bench
      socket.once('data', (hello) => {
        const id = String(hello).trim().split(' ')[1]!;
        const config = CONFIGS.find((c) => c.name === parseId(id).config)!;
        const w = config.watchTcp!(socket);
        this.stream(id, w, () => socket.writable && socket.write(CHUNK));
        this.register(id, w);
      });
    });
    const http = createHttpServer();
    const wss = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', () => {});
        const id = req.url!.slice(1);
        const config = CONFIGS.find((c) => c.name === parseId(id).config)!;
        const w = config.watchWs!(ws, req.socket);
        this.stream(id, w, () => ws.readyState === ws.OPEN && ws.send(CHUNK));
        this.register(id, w);
      });
    });
    wsTcp.on('connection', (s: Socket) => http.emit('connection', s));
  }

  watchFor(id: string): Promise<Watched> {
    const w = this.watched.get(id);
    return w ? Promise.resolve(w) : new Promise((r) => this.waiting.set(id, r));
  }

  private stream(id: string, w: Watched, write: () => unknown): void {
    if (parseId(id).mode !== 'stream') return;
    const t = setInterval(write, STREAM_EVERY_MS);
    const stop = () => clearInterval(t);
    void w.detected.then(stop);
    const dispose = w.dispose;
    w.dispose = () => (stop(), dispose());
  }

  private register(id: string, w: Watched): void {
    this.watched.set(id, w);
    this.waiting.get(id)?.(w);
  }
}
