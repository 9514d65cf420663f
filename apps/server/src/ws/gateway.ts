import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { clip, PulseboardError } from '@pulseboard/core';
import { watchWebSocket } from '@pulseboard/core/liveness/index';
import { helloEvent } from '../app/hello.js';
import type { Services } from '../app/services.js';
import { passGate, type Principal } from '../http/gate.js';
import { toPulseboardError } from '../http/respond.js';
import { parseTarget } from '../http/target.js';
import { originAllowed } from './origin.js';
import { refuseUpgrade } from './raw-refusal.js';
import { attachWsSession } from './ws-session.js';
import type { LiveEntry } from '../app/live-connections.js';
import { withBackpressure } from '../events/backpressure.js';
import { overCapBeforeAuth } from '../http/over-cap.js';
import type { ServerEvent } from '../events/types.js';

/** Unsent bytes above which a WebSocket stops getting events until it drained (then a resync). */
export const SLOW_CONSUMER_BYTES = 256 * 1024;

/** A close reason fits in 123 bytes (RFC 6455 §5.5); a longer one would make ws throw. */
function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

function refusalOf(err: PulseboardError) {
  return {
    status: err.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(err.toJSON()),
  };
}

/**
 * /ws upgrades: path, Origin (no cross-site WebSocket hijacking), then the same gate as every
 * HTTP request (allowlist, auth, admission) — all before the 101 is sent.
 */
export function createWsGateway(s: Services): {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
} {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: s.options.maxPayload,
    perMessageDeflate: false,
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = parseTarget(req.url);
    if (!url)
      return refuseUpgrade(socket, refusalOf(new PulseboardError('BAD_REQUEST', 'Invalid request target')));
    if (url.pathname !== '/ws') return refuseUpgrade(socket, refusalOf(new PulseboardError('NOT_FOUND')));
    if (!originAllowed(req.headers.origin, req.headers.host)) {
      s.log.warn(
        { origin: clip(req.headers.origin), host: clip(req.headers.host) },
        'cross-origin websocket refused',
      );
      return refuseUpgrade(socket, refusalOf(new PulseboardError('FORBIDDEN_ORIGIN')));
    }
    const early = overCapBeforeAuth(s, req);
    if (early) return refuseUpgrade(socket, refusalOf(early));
    const gate = await passGate(s, req, 'connection');
    if (!gate.ok) return refuseUpgrade(socket, gate.refusal);
    if (socket.destroyed) return;
    // A keep-alive socket that served plain requests before: the WebSocket takes its place.
    s.httpConns.takeOver(req.socket);
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, url, gate.principal));
  }

  function accept(ws: WebSocket, req: IncomingMessage, url: URL, principal: Principal): void {
    const id = s.live.nextId('ws');
    // Protocol errors (oversized or malformed frames) arrive here; ws then closes with the
    // matching code (1009, 1002). Without a listener they would crash the process.
    ws.on('error', (err) => s.log.info({ connectionId: id, err: err.message }, 'websocket protocol error'));
    // Over the user's cap: closed at once, before any liveness watch or socket tuning.
    try {
      s.live.checkUserCap(principal.name, 'ws');
    } catch (err) {
      const e = toPulseboardError(err);
      ws.close(e.wsClose, closeReason(e.message));
      return;
    }
    const watch = watchWebSocket(ws, req.socket, {
      preset: s.options.livenessPreset,
      tcpBudgetMs: s.options.tcpBudgetMs,
      heartbeat: s.options.heartbeat,
      beat: s.options.livenessBeat,
      // The panel asks to hear the beat (?beat=1): then it need not ping four times a second.
      beatMessage: url.searchParams.get('beat') === '1',
    });
    let registered: LiveEntry | undefined;
    const direct = {
      id,
      send: (event: ServerEvent, json = JSON.stringify(event)) => {
        if (ws.readyState === ws.OPEN) ws.send(json);
      },
    };
    try {
      const entry = s.live.register({
        id,
        user: principal.name,
        role: principal.role,
        remote: principal.remote,
        transport: 'ws',
        resumeSessionId: url.searchParams.get('session') ?? undefined,
        sink: withBackpressure(direct, {
          limit: SLOW_CONSUMER_BYTES,
          buffered: () => ws.bufferedAmount,
          onceDrained: (fn) => req.socket.once('drain', fn),
          resync: () => ({ ...helloEvent(s, registered!), resync: true }),
        }),
        watch,
        end: (code, reason) => ws.close(code, reason),
      });
      registered = entry;
      attachWsSession(s, ws, entry);
      ws.send(JSON.stringify(helloEvent(s, entry)));
    } catch (err) {
      watch.close();
      const e = toPulseboardError(err);
      ws.close(e.wsClose, closeReason(e.message));
    }
  }

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      upgrade(req, socket, head).catch((err: unknown) => {
        s.log.error({ err }, 'upgrade failed');
        refuseUpgrade(socket, refusalOf(new PulseboardError('INTERNAL')));
      });
    },
    close() {
      wss.close();
    },
  };
}
