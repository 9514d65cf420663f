import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LabHost } from '@pulseboard/harness/ns/index';
import { EventLog } from './event-log.js';

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
  readonly #log = new EventLog<ClientEvent>();
  readonly events = this.#log.events;
  #buffer = '';

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
        this.#log.push(JSON.parse(line) as ClientEvent);
      }
    });
  }

  next(match: (e: ClientEvent) => boolean, timeoutMs = 10_000): Promise<ClientEvent> {
    return this.#log.next(match, timeoutMs);
  }

  send(message: unknown): void {
    this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }
}
