import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { AttemptTimeout, basicAuth, postLine, type StartDriver } from './driver.js';

// HTTP keep-alive: one pooled connection, a GET /api/presence every second (and its operations). The server sees
// the same TCP connection for as long as it stays up; the RTT is the request round trip.
export function httpDriver(firstTimeoutMs = 5000, maxTimeoutMs = 16_000): StartDriver {
  return (cfg, sink) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // A poll the board is too busy to answer in time gets longer next time (driver.ts).
    const timeout = new AttemptTimeout(firstTimeoutMs, maxTimeoutMs);
    let socket: Socket | undefined;
    let up = false;
    let stopped = false;

    function poll(): void {
      if (stopped) return;
      const t0 = performance.now();
      const req = request(cfg.url + '/api/presence', {
        agent,
        headers: { authorization: basicAuth(cfg) },
        timeout: timeout.current,
      });
      req.on('socket', (s) => {
        if (socket !== s) {
          socket = s;
          s.once('close', () => {
            if (up) sink.disconnected('http socket closed');
            up = false;
          });
        }
      });
      req.on('response', (res) => {
        timeout.answered();
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) {
            if (!up) sink.connected('http 200');
            up = true;
            sink.rtt(performance.now() - t0);
          }
          setTimeout(poll, 1000);
        });
      });
      req.on('timeout', () => {
        timeout.timedOut();
        req.destroy(new Error('timeout'));
      });
      req.on('error', (e) => {
        sink.log('warn', `http error: ${e.message}`);
        setTimeout(poll, 1000);
      });
      req.end();
    }
    poll();
    return {
      fin() {
        stopped = true;
        socket?.end();
      },
      rst() {
        stopped = true;
        socket?.resetAndDestroy();
      },
      operate(line, value) {
        postLine(cfg, sink, line, value, agent);
      },
    };
  };
}

export const startHttp: StartDriver = httpDriver();
