import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { createLogger } from '@pulseboard/core';
import { deriveTcpSettings } from '@pulseboard/core/liveness/index';
import { tuneSocket } from '@pulseboard/core/net/index';
import { buildRouter } from './api/routes.js';
import { createServices, type Services } from './app/services.js';
import { wireEvents } from './app/wire-events.js';
import { createRequestHandler } from './http/handle-request.js';
import { resolveServerOptions, type ServerOptions, type ServerOptionsInput } from './options.js';
import { createStaticFiles } from './static/serve-static.js';
import { closeCodes } from './ws/close-codes.js';
import { createWsGateway } from './ws/gateway.js';

export interface PulseboardServer {
  readonly options: ServerOptions;
  readonly services: Services;
  /** Set once listening: e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  listen(): Promise<void>;
  /** Serve connections accepted by another listener (e.g. one opened inside a network namespace). */
  acceptFrom(listener: NetServer): void;
  /** Every output to its safe value, then close everything (SIGTERM / SIGINT). */
  shutdown(reason: string): Promise<void>;
  /** Close without touching outputs (tests). */
  close(): Promise<void>;
}

export async function createServer(input: ServerOptionsInput = {}): Promise<PulseboardServer> {
  const options = resolveServerOptions(input);
  const log = options.logger ?? createLogger();
  const services = await createServices(options, log);
  const unwire = wireEvents(services);
  const handler = createRequestHandler(services, buildRouter(services), createStaticFiles(options.panelDir));
  const httpOptions = {
    maxHeaderSize: options.maxHeaderSize,
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    // Node checks the two timeouts above only this often (default 30 s): a slow-header
    // client would otherwise hold its socket well past headersTimeout.
    connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs),
  };
  const server: Server = options.tls
    ? createHttpsServer(
        { ...httpOptions, cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) },
        handler,
      )
    : createHttpServer(httpOptions, handler);
  const tcp = deriveTcpSettings(options.tcpBudgetMs);
  // Every accepted socket gets the TCP budget (keepalive + TCP_USER_TIMEOUT), HTTP or not.
  server.on('connection', (socket: Socket) => {
    const admitted = services.caps.admit(socket);
    if (admitted !== 'ok') {
      const quiet = services.warnings.take(`cap:${admitted}`);
      if (quiet)
        log.warn({ cap: admitted, suppressed: quiet.suppressed }, 'connection refused: too many open');
      socket.destroy();
      return;
    }
    const result = tuneSocket(socket, tcp);
    if (result.errors.length && result.ffi) log.debug({ errors: result.errors }, 'socket tuning incomplete');
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // Socket errors (ECONNRESET, ETIMEDOUT) come here too, already destroyed: those are the
    // liveness watch's to judge. Only a parse error or timeout we answer ends a connection here.
    if (!socket.writable) return socket.destroy();
    services.httpConns.release(socket as Socket, 'client-error');
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nConnection: close\r\n\r\n`,
    );
  });
  const gateway = createWsGateway(services);
  server.on('upgrade', gateway.handleUpgrade);

  let closed = false;
  const api: PulseboardServer = {
    options,
    services,
    url: '',
    port: 0,
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          api.port = addr.port;
          const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          const shown = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
          api.url = `${options.tls ? 'https' : 'http'}://${shown}:${addr.port}`;
          resolve();
        });
      });
    },
    acceptFrom(listener) {
      listener.on('connection', (socket: Socket) => server.emit('connection', socket));
    },
    async shutdown(reason) {
      // The controller logs the report (one line per line's result) before we close.
      await services.controller.allSafe(reason);
      await api.close();
    },
    async close() {
      if (closed) return;
      closed = true;
      unwire();
      services.live.endAll(closeCodes.goingAway, 'server shutting down');
      gateway.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
    },
  };
  return api;
}
