import { WebSocket } from 'ws';
import { AttemptTimeout, basicAuth, Reconnect, type StartDriver } from './driver.js';
import { observeEvent } from './event-sink.js';

// A WebSocket client on /ws. `ws` answers the server's ping frames by itself, exactly like a
// browser. It also pings once a second to measure RTT; that outgoing data is also what
// makes a client notice, after a heal, that the server has dropped it.

/** How long an opening handshake may wait for the board's answer (driver.ts AttemptTimeout). */
export interface WsTiming {
  handshakeMs: number;
  maxHandshakeMs: number;
}

export const wsTiming: WsTiming = { handshakeMs: 4000, maxHandshakeMs: 16_000 };

export function wsDriver(timing: WsTiming = wsTiming): StartDriver {
  return (cfg, sink) => {
    let ws: WebSocket | undefined;
    let pingTimer: NodeJS.Timeout | undefined;
    const retry = new Reconnect(connect);
    const handshake = new AttemptTimeout(timing.handshakeMs, timing.maxHandshakeMs);

    function connect(): void {
      const url = cfg.url.replace(/^http/, 'ws') + '/ws';
      const sock = new WebSocket(url, { headers: { authorization: basicAuth(cfg) }, origin: cfg.url });
      ws = sock;
      let sentAt = 0;
      let token = '';
      // A handshake that hangs (a SYN lost while the host was being wired) is retried; one
      // that is merely slow gets longer next time.
      const limit = handshake.current;
      const unanswered = setTimeout(() => {
        if (sock.readyState !== WebSocket.CONNECTING) return;
        handshake.timedOut();
        sink.log('warn', `ws handshake unanswered after ${limit} ms`);
        sock.terminate();
      }, limit);
      sock.on('open', () => {
        clearTimeout(unanswered);
        handshake.answered();
        sink.connected('ws open');
        pingTimer = setInterval(() => {
          sentAt = performance.now();
          token = String(sentAt);
          sock.ping(token);
        }, 1000);
      });
      // Only the answer to our own ping: the board also sends unsolicited pongs (its heartbeat).
      sock.on('pong', (data) => String(data) === token && sink.rtt(performance.now() - sentAt));
      sock.on('message', (data) => {
        const text = data.toString();
        // A command the lab sent for us was refused (lock held, line unknown): say so in the lab log.
        if (text.includes('"type":"error"') && text.includes('"id":"lab-'))
          sink.log('warn', `refused: ${text}`);
        observeEvent(text, sink);
      });
      sock.on('error', (e) => sink.log('warn', `ws error: ${e.message}`));
      sock.on('close', (code) => {
        clearTimeout(unanswered);
        clearInterval(pingTimer);
        sink.disconnected(`ws close ${code}`);
        retry.schedule();
      });
    }
    connect();
    return {
      operate(line, value) {
        ws?.send(JSON.stringify({ type: 'operate', id: `lab-${Date.now()}`, line, value }));
      },
      act(cmd) {
        const id = `lab-${Date.now()}`;
        const msg =
          cmd.t === 'chat'
            ? { type: 'chat', id, text: cmd.text }
            : { type: cmd.take ? 'lock.take' : 'lock.release', id };
        ws?.send(JSON.stringify(msg));
      },
      fin() {
        retry.stop();
        ws?.close(1000);
      },
      rst() {
        retry.stop();
        // ws keeps the net.Socket private; resetAndDestroy sends RST instead of FIN.
        const raw = (ws as unknown as { _socket?: { resetAndDestroy?: () => void } })?._socket;
        if (raw?.resetAndDestroy) raw.resetAndDestroy();
        else ws?.terminate();
      },
    };
  };
}

export const startWs: StartDriver = wsDriver();
