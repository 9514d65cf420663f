import { connect, type Socket } from 'node:net';
import { basicAuth, Reconnect, type StartDriver } from './driver.js';
import { observeEvent } from './event-sink.js';
import { SseParser } from './sse-parser.js';

// Raw TCP: a hand-written HTTP request for the event stream on a bare socket, no HTTP client
// library and no application heartbeat, so only the kernel's TCP machinery keeps it honest.
export const startTcp: StartDriver = (cfg, sink) => {
  const url = new URL(cfg.url);
  let sock: Socket | undefined;
  const retry = new Reconnect(open);

  function open(): void {
    const s = connect({ host: url.hostname, port: Number(url.port || 80) });
    sock = s;
    let headerDone = false;
    let head = '';
    const parser = new SseParser((type, data) => observeEvent(data, sink, type));
    s.setEncoding('utf8');
    s.on('connect', () => {
      s.write(
        `GET /api/events HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${basicAuth(cfg)}\r\n` +
          'Accept: text/event-stream\r\nConnection: keep-alive\r\n\r\n',
      );
    });
    s.on('data', (d: string) => {
      if (headerDone) return parser.push(d);
      head += d;
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headerDone = true;
      if (/^HTTP\/1\.1 200/.test(head)) sink.connected('tcp stream open');
      else sink.log('warn', `tcp got ${head.split('\r\n')[0]}`);
      parser.push(head.slice(end + 4));
    });
    s.on('error', (e) => sink.log('warn', `tcp error: ${e.message}`));
    s.on('close', () => {
      sink.disconnected('tcp closed');
      retry.schedule();
    });
  }
  open();
  return {
    fin() {
      retry.stop();
      sock?.end();
    },
    rst() {
      retry.stop();
      sock?.resetAndDestroy();
    },
  };
};
