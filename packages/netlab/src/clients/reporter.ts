import { connect, type Socket } from 'node:net';
import type { ClientReport, ControllerCommand } from './protocol.js';
import { parseLine } from './protocol.js';

// The client side of the Unix socket to the lab controller. Reports are fire-and-forget;
// commands arrive as lines and are handed to the client's handler.
export class Reporter {
  private sock: Socket;
  private buf = '';

  constructor(path: string, onCommand: (c: ControllerCommand) => void) {
    this.sock = connect(path);
    this.sock.setEncoding('utf8');
    this.sock.on('data', (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const cmd = parseLine<ControllerCommand>(this.buf.slice(0, i));
        this.buf = this.buf.slice(i + 1);
        if (cmd) onCommand(cmd);
      }
    });
    // Losing the controller means the lab is gone: a client never outlives its lab.
    this.sock.on('close', () => process.exit(0));
    this.sock.on('error', () => process.exit(0));
  }

  send(report: ClientReport): void {
    this.sock.write(JSON.stringify(report) + '\n');
  }
}
