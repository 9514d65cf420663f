import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { parseLine, type ClientReport, type ControllerCommand } from '../clients/protocol.js';

// The controller end of the Unix socket that every virtual client reports to.
export class Hub extends EventEmitter<{ report: [ClientReport]; gone: [string] }> {
  private server: Server | undefined;
  private readonly sockets = new Map<string, Socket>();

  constructor(readonly path: string) {
    super();
  }

  async listen(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    rmSync(this.path, { force: true });
    this.server = createServer((sock) => this.accept(sock));
    await new Promise<void>((res, rej) => this.server!.once('error', rej).listen(this.path, res));
  }

  private accept(sock: Socket): void {
    let buf = '';
    let id: string | undefined;
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const report = parseLine<ClientReport>(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (!report) continue;
        if (report.t === 'hello') {
          id = report.id;
          this.sockets.set(id, sock);
        }
        this.emit('report', report);
      }
    });
    sock.on('error', () => undefined);
    sock.on('close', () => {
      if (id && this.sockets.get(id) === sock) {
        this.sockets.delete(id);
        this.emit('gone', id);
      }
    });
  }

  send(id: string, cmd: ControllerCommand): boolean {
    const sock = this.sockets.get(id);
    if (!sock) return false;
    sock.write(JSON.stringify(cmd) + '\n');
    return true;
  }

  async close(): Promise<void> {
    for (const s of this.sockets.values()) s.destroy();
    this.sockets.clear();
    await new Promise<void>((res) => (this.server ? this.server.close(() => res()) : res()));
    rmSync(this.path, { force: true });
  }
}
