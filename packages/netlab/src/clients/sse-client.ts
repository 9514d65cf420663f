import { request, type ClientRequest } from 'node:http';
import { basicAuth, Reconnect, type StartDriver } from './driver.js';
import { observeEvent } from './event-sink.js';
import { SseParser } from './sse-parser.js';

// An EventSource-like client on /api/events: one long response the server streams into.
export const startSse: StartDriver = (cfg, sink) => {
  let req: ClientRequest | undefined;
  const retry = new Reconnect(connect);

  function connect(): void {
    req = request(cfg.url + '/api/events', {
      headers: { authorization: basicAuth(cfg), accept: 'text/event-stream' },
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        sink.log('warn', `sse status ${res.statusCode}`);
        res.resume();
        return;
      }
      sink.connected('sse 200');
      const parser = new SseParser((type, data) => observeEvent(data, sink, type));
      res.setEncoding('utf8');
      res.on('data', (d: string) => parser.push(d));
      res.on('close', () => {
        sink.disconnected('sse closed');
        retry.schedule();
      });
    });
    req.on('error', (e) => {
      sink.log('warn', `sse error: ${e.message}`);
      sink.disconnected('sse error');
      retry.schedule();
    });
    req.end();
  }
  connect();
  return {
    fin() {
      retry.stop();
      req?.socket?.end();
    },
    rst() {
      retry.stop();
      req?.socket?.resetAndDestroy();
    },
  };
};
