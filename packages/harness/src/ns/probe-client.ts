// A minimal virtual client for harness tests and benchmarks, run inside a host namespace:
//   node --conditions=source --import tsx probe-client.ts '<json ProbeClientSpec>'
// Opens the listed connections, reads (and discards) everything, prints `ready <id>` per
// connection and `closed <id>` when one ends. On SIGUSR2 (faults' FIN_SIGNAL) it closes every
// connection gracefully; on SIGKILL it dies like a crashed process.
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';

export interface ProbeConnection {
  id: string;
  /** tcp: raw socket that sends `HELLO <id>\n` first; ws: WebSocket to ws://server:wsPort/<id>. */
  transport: 'tcp' | 'ws';
}

export interface ProbeClientSpec {
  server: string;
  tcpPort?: number;
  wsPort?: number;
  connections: ProbeConnection[];
}

function main(spec: ProbeClientSpec): void {
  const closers: (() => void)[] = [];
  const say = (line: string) => process.stdout.write(`${line}\n`);
  for (const c of spec.connections) {
    if (c.transport === 'tcp') {
      const s: Socket = connect(spec.tcpPort!, spec.server, () => {
        s.write(`HELLO ${c.id}\n`);
        say(`ready ${c.id}`);
      });
      s.on('data', () => {});
      s.on('error', () => {});
      s.on('close', () => say(`closed ${c.id}`));
      closers.push(() => s.end());
    } else {
      const ws = new WebSocket(`ws://${spec.server}:${spec.wsPort}/${c.id}`);
      ws.on('open', () => say(`ready ${c.id}`));
      ws.on('error', () => {});
      ws.on('close', () => say(`closed ${c.id}`));
      closers.push(() => ws.close(1000, 'bye'));
    }
  }
  process.on('SIGUSR2', () => closers.forEach((close) => close()));
  setInterval(() => {}, 1 << 30); // stay up until told otherwise
}

main(JSON.parse(process.argv[2] ?? '{}') as ProbeClientSpec);
