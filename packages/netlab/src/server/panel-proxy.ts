import {
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { PulseboardError } from '@pulseboard/core';
import type { Lab } from '../lab.js';
import { BoardAuth } from './board-auth.js';
import { refuseUpgrade, sendError } from './http-util.js';

// `/panel/<user>/...`: the board's real control panel, same-origin with the lab UI so the lab
// can frame it, signed in as that lab user. HTTP (including the SSE stream) and the /ws upgrade
// go to the lab's board; the lab answers the board's challenge, so the browser sends no
// credentials. Only users of the lab's virtual clients are served, and only by the lab server
// (bound to loopback: anyone who can reach it already drives the lab).

const prefixRe = /^\/panel\/([^/]+)(\/.*)?$/;

/** The panel of `user` on the lab server (docs/lab-api.md). */
export function panelPath(user: string): string {
  return `/panel/${encodeURIComponent(user)}/`;
}

/** `{ user, rest }` for a /panel/ path (rest: the board path, '' when the trailing slash is missing). */
export function matchPanel(pathname: string): { user: string; rest: string } | undefined {
  const m = prefixRe.exec(pathname);
  if (!m) return undefined;
  try {
    return { user: decodeURIComponent(m[1]!), rest: m[2] ?? '' };
  } catch {
    return undefined;
  }
}

/** The board's CSP with framing allowed for the lab's own pages only. */
export function frameableCsp(csp: string | undefined): string {
  const kept = (csp ?? '')
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !/^frame-ancestors\b/i.test(d));
  return [...kept, "frame-ancestors 'self'"].join('; ');
}

// Hop-by-hop and what the lab replaces or must not forward (the browser's own credentials).
const dropRequest = new Set([
  'host',
  'connection',
  'keep-alive',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'authorization',
  'cookie',
  'origin',
  'referer',
  'accept-encoding',
]);
const dropResponse = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'www-authenticate', // the lab signs in, not the browser: no login prompt in the frame
  'x-frame-options',
  'content-security-policy',
  'strict-transport-security',
]);

function forwardHeaders(h: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !dropRequest.has(k)) out[k] = v;
  return out;
}

export interface PanelProxy {
  /** Handles a /panel/ request; false when the path is not a panel path. */
  http(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): boolean;
  /** Handles a /panel/<user>/ws upgrade; false when the path is not a panel path. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): void;
}

const MAX_BODY = 1_000_000;

export function createPanelProxy(lab: Lab): PanelProxy {
  const auth = new BoardAuth();
  const sockets = new Set<Duplex>();

  /** The board's base URL for a lab user, or a PulseboardError. */
  const target = (user: string): URL => {
    if (!lab.listClients().some((c) => c.user === user))
      throw new PulseboardError('NOT_FOUND', `no lab user ${user}`);
    if (!lab.board.running) throw new PulseboardError('NOT_FOUND', 'the board is not running');
    return new URL(lab.board.url);
  };

  /** One request to the board as `user`; a 401 is answered with its challenge once. */
  function send(
    board: URL,
    user: string,
    req: { method: string; path: string; headers: OutgoingHttpHeaders; body?: Buffer },
    onResponse: (r: IncomingMessage) => void,
    onError: (e: Error) => void,
  ): { cancel(): void } {
    let current: ClientRequest | undefined;
    const go = (retried: boolean) => {
      const authorization = auth.header(user, req.method, req.path);
      const up = httpRequest({
        host: board.hostname,
        port: board.port,
        method: req.method,
        path: req.path,
        agent: false,
        headers: {
          ...req.headers,
          ...(authorization ? { authorization } : {}),
          ...(req.body ? { 'content-length': req.body.length } : {}),
        },
      });
      current = up;
      up.on('response', (r) => {
        if (r.statusCode === 401 && !retried && auth.learn(user, r.headersDistinct['www-authenticate'])) {
          r.resume();
          return go(true);
        }
        onResponse(r);
      });
      up.on('error', onError);
      up.end(req.body);
    };
    go(false);
    return { cancel: () => current?.destroy() };
  }

  function http(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): boolean {
    const m = matchPanel(pathname);
    if (!m) return false;
    void (async () => {
      try {
        const board = target(m.user);
        if (m.rest === '') {
          res.writeHead(308, { location: panelPath(m.user) + search }).end();
          return;
        }
        let size = 0;
        const chunks: Buffer[] = [];
        for await (const c of req as AsyncIterable<Buffer>) {
          size += c.length;
          if (size > MAX_BODY) throw new PulseboardError('PAYLOAD_TOO_LARGE');
          chunks.push(c);
        }
        const body = size > 0 ? Buffer.concat(chunks) : undefined;
        const prefix = panelPath(m.user);
        const headers = { ...forwardHeaders(req.headers), 'accept-encoding': 'identity' };
        const call = send(
          board,
          m.user,
          { method: req.method ?? 'GET', path: m.rest + search, headers, body },
          (r) => respond(r, res, prefix),
          (e) => {
            if (res.destroyed) return;
            if (!res.headersSent)
              sendError(res, new PulseboardError('INTERNAL', `board unreachable: ${e.message}`));
            else res.destroy();
          },
        );
        // The browser went away (SSE closed, frame navigated): the board sees the close too.
        res.on('close', () => {
          if (!res.writableFinished) call.cancel();
        });
      } catch (e) {
        if (!res.headersSent) sendError(res, e);
        else res.destroy();
      }
    })();
    return true;
  }

  function respond(r: IncomingMessage, res: ServerResponse, prefix: string): void {
    const headers: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(r.headersDistinct)) {
      if (v && !dropResponse.has(k)) headers[k] = v.length === 1 ? v[0] : v;
    }
    headers['content-security-policy'] = frameableCsp(r.headersDistinct['content-security-policy']?.[0]);
    headers['x-frame-options'] = 'SAMEORIGIN';
    const location = r.headers.location;
    if (location?.startsWith('/') && !location.startsWith('//'))
      headers.location = prefix + location.slice(1);
    // The body passes unchanged: the panel is built with relative URLs (Vite base './'), so its
    // page and assets resolve under the prefix as they do at / on the board.
    res.writeHead(r.statusCode ?? 502, headers);
    res.flushHeaders();
    r.on('error', () => res.destroy());
    r.pipe(res);
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://lab');
    const m = matchPanel(url.pathname);
    if (!m) return false;
    socket.on('error', () => socket.destroy());
    let board: URL;
    try {
      board = target(m.user);
    } catch (e) {
      refuseUpgrade(socket, e instanceof PulseboardError ? e : new PulseboardError('INTERNAL'));
      return true;
    }
    // The board refuses a browser's WebSocket from another site: here the page is the lab's,
    // so the upgrade carries the board's own origin (the lab vouches for the page it framed).
    const headers = {
      ...forwardHeaders(req.headers),
      connection: 'Upgrade',
      upgrade: 'websocket',
      origin: board.origin,
    };
    const attempt = (retried: boolean) => {
      const path = m.rest + url.search;
      const authorization = auth.header(m.user, 'GET', path);
      const up = httpRequest({
        host: board.hostname,
        port: board.port,
        path,
        agent: false,
        headers: { ...headers, ...(authorization ? { authorization } : {}) },
      });
      socket.once('close', () => up.destroy());
      up.on('upgrade', (r, upSocket, upHead) => {
        sockets.add(socket).add(upSocket);
        let reply = `HTTP/1.1 101 ${r.statusMessage ?? 'Switching Protocols'}\r\n`;
        for (let i = 0; i < r.rawHeaders.length; i += 2)
          reply += `${r.rawHeaders[i]}: ${r.rawHeaders[i + 1]}\r\n`;
        socket.write(reply + '\r\n');
        if (upHead.length) socket.write(upHead);
        if (head.length) upSocket.write(head);
        upSocket.on('error', () => upSocket.destroy());
        const end = () => {
          sockets.delete(socket);
          sockets.delete(upSocket);
          socket.destroy();
          upSocket.destroy();
        };
        upSocket.on('close', end);
        socket.on('close', end);
        upSocket.pipe(socket);
        socket.pipe(upSocket);
      });
      up.on('response', (r) => {
        if (r.statusCode === 401 && !retried && auth.learn(m.user, r.headersDistinct['www-authenticate'])) {
          r.resume();
          return attempt(true);
        }
        // Refused (full, blocked, ...): pass the board's answer on, without a login prompt.
        let reply = `HTTP/1.1 ${r.statusCode} ${r.statusMessage}\r\nConnection: close\r\n`;
        if (r.headers['content-type']) reply += `Content-Type: ${r.headers['content-type']}\r\n`;
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const body = Buffer.concat(chunks);
          socket.end(Buffer.concat([Buffer.from(`${reply}Content-Length: ${body.length}\r\n\r\n`), body]));
        });
      });
      up.on('error', (e) =>
        refuseUpgrade(socket, new PulseboardError('INTERNAL', `board unreachable: ${e.message}`)),
      );
      up.end();
    };
    attempt(false);
    return true;
  }

  return {
    http,
    upgrade,
    close() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
  };
}
