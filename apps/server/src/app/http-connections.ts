import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { watchSocket } from '@pulseboard/core/liveness/index';
import type { Principal } from '../http/gate.js';
import type { Presence } from '@pulseboard/core/presence/index';
import type { ServerOptions } from '../options.js';
import { SUPERSEDED, type LiveConnections } from './live-connections.js';

/** What HttpConnections is built from (made before it, no bag of services). */
export interface HttpDeps {
  live: LiveConnections;
  presence: Presence;
  options: Pick<ServerOptions, 'livenessPreset' | 'tcpBudgetMs'>;
}

/** HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`. */
export function wantsKeepAlive(req: IncomingMessage): boolean {
  const tokens = String(req.headers.connection ?? '')
    .toLowerCase()
    .split(',')
    .map((t) => t.trim());
  if (tokens.includes('close')) return false;
  return req.httpVersion === '1.1' || tokens.includes('keep-alive');
}

/**
 * Authenticated HTTP keep-alive connections as presence connections (transport "http").
 *
 * The first request on a keep-alive socket that passes the gate (allowlist, auth, admission)
 * makes the socket a connection of that user, watched with the TCP budget (keepalive +
 * TCP_USER_TIMEOUT; HTTP has no way to send a heartbeat). Later requests on it only count as
 * "heard". A socket holds at most one presence connection: an SSE stream or a WebSocket upgrade
 * on it takes over (`takeOver`) and the HTTP connection ends quietly.
 *
 * Ends: the client's FIN or RST is the connection's normal end and a kernel timeout is a
 * detection (both through LiveConnections, like ws/sse); a close the server made itself (idle
 * keep-alive timeout, a bad request, shutdown) removes it without a detection. When another
 * connection of the user from the same address dies silently first (a browser's WebSocket
 * heartbeat), the same-host rule in LiveConnections declares this one dead with it.
 *
 * Only an HTTP client that has nothing else is a presence connection: while the same user holds a
 * WebSocket or SSE stream from the same address (a browser with the panel open), its keep-alive
 * sockets are not registered, and the ones registered before (the page load) leave presence when
 * the stream joins (LiveConnections, cause `superseded`; the socket stays open for the page). So
 * a tab's close is its WebSocket's close, and nothing idle keeps the user online after it.
 *
 * Its presence session is the operator of what REST requests on it do (api/actor.ts): its silent
 * death releases their locks and drives their failsafe lines safe; when it ends in order (the
 * client's FIN, the idle timeout) what it held passes to the client's next connection or to the
 * user's durable REST session (LiveConnections.heirOf).
 */
export class HttpConnections {
  /** Socket -> the presence connection on it (http, or the sse stream that took it over). */
  readonly #owner = new WeakMap<Socket, { id: string; release?: (cause: string) => void }>();
  readonly #s: HttpDeps;

  constructor(deps: HttpDeps) {
    this.#s = deps;
  }

  /** Called for every request that passed the gate (except the SSE route, which registers itself). */
  track(req: IncomingMessage, principal: Principal): void {
    const { live, presence, options } = this.#s;
    const socket = req.socket;
    const owner = this.#owner.get(socket);
    if (owner && live.get(owner.id)) {
      live.heard(owner.id);
      return;
    }
    if (socket.destroyed || !wantsKeepAlive(req)) return;
    // A browser with a live stream from this address: its page requests are not a connection.
    if (live.hasStream(principal.name, principal.remote)) return;
    // An admin's request may pass a full board; the connection still does not join presence.
    if (!presence.admit(principal.name, principal.remote).ok) return;

    const id = live.nextId('http');
    let timedOut = false;
    // Before the watch's own listeners, so a close we caused is taken out before it can be
    // mistaken for a detection (the watch would report 'tcp-state').
    const onTimeout = () => (timedOut = true);
    const onClose = () => {
      if (live.get(id)?.watch.state === 'dead') return;
      live.end(id, 1000, 'closed by the server', timedOut ? 'idle-timeout' : 'server-close');
    };
    const detach = () => {
      socket.off('timeout', onTimeout);
      socket.off('close', onClose);
    };
    socket.on('timeout', onTimeout);
    socket.on('close', onClose);
    let keepSocket = false;
    const watch = watchSocket(socket, { preset: options.livenessPreset, tcpBudgetMs: options.tcpBudgetMs });
    try {
      live.register({
        id,
        user: principal.name,
        role: principal.role,
        remote: principal.remote,
        transport: 'http',
        watch,
        end: (_code, reason) => {
          detach();
          // After the client's FIN, node:http ends the socket itself once a response in flight
          // is written; a socket taken over belongs to its new owner; a superseded one still
          // serves its page.
          if (!keepSocket && reason !== SUPERSEDED && !socket.readableEnded) socket.destroy();
        },
      });
    } catch {
      // Raced by another connection for the last place: serve the request, do not register.
      watch.close();
      detach();
      return;
    }
    const release = (cause: string) => {
      keepSocket = true;
      live.end(id, 1000, cause, cause);
    };
    this.#owner.set(socket, { id, release });
  }

  /**
   * An SSE stream or a WebSocket takes this socket over: its HTTP connection (if any) ends
   * without a detection, and `newOwner` (the SSE connection id) keeps later pipelined requests
   * on it from registering again.
   */
  takeOver(socket: Socket, newOwner?: string): void {
    this.release(socket, 'taken-over');
    if (newOwner === undefined) this.#owner.delete(socket);
    else this.#owner.set(socket, { id: newOwner });
  }

  /** The live presence connection on this socket (an HTTP keep-alive or an SSE stream), if any. */
  connectionOn(socket: Socket): string | undefined {
    const id = this.#owner.get(socket)?.id;
    return id !== undefined && this.#s.live.get(id) ? id : undefined;
  }

  /** The server is about to close this socket itself (e.g. a malformed request): no detection. */
  release(socket: Socket, cause: string): void {
    this.#owner.get(socket)?.release?.(cause);
  }
}
