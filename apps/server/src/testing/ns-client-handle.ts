import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LabHost } from '@pulseboard/netlab/ns/index';

export interface ClientEvent {
  recvAt: number;
  event: { type: string; [key: string]: unknown };
}

const scripts = {
  ws: fileURLToPath(new URL('./ns-ws-client.ts', import.meta.url)),
  http: fileURLToPath(new URL('./ns-http-client.ts', import.meta.url)),
};

/**
 * A client process in a lab host (ns-ws-client, or ns-http-client for an HTTP keep-alive
 * client), with its received events and a way to wait for one.
 */
export class NsClient {
  readonly child: ChildProcess;
  readonly events: ClientEvent[] = [];
  #buffer = '';
  #waiters: { match: (e: ClientEvent) => boolean; resolve: (e: ClientEvent) => void }[] = [];

  constructor(host: LabHost, url: string, user: string, password: string, kind: 'ws' | 'http' = 'ws') {
    this.child = host.spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', scripts[kind], url, user, password],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    this.child.stdout?.on('data', (d: Buffer) => {
      this.#buffer += d.toString();
      let nl: number;
      while ((nl = this.#buffer.indexOf('\n')) >= 0) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        if (!line.trim()) continue;
        const e = JSON.parse(line) as ClientEvent;
        this.events.push(e);
        for (const w of [...this.#waiters]) {
          if (w.match(e)) {
            this.#waiters.splice(this.#waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    });
  }

  next(match: (e: ClientEvent) => boolean, timeoutMs = 10_000): Promise<ClientEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching event within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  send(message: unknown): void {
    this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }
}
