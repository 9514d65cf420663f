import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PulseboardError } from '@pulseboard/core';
import { WebSocketServer } from 'ws';
import type { Lab } from '../lab.js';
import { renderReport } from '../report/html.js';
import { ScenarioCheckWorker } from '../scenario/check/check-client.js';
import { scenarioDts } from '../scenario/scenario-dts.js';
import {
  clientKinds,
  faultKinds,
  type ClientKind,
  type FaultKind,
  type FaultParams,
  type RunResult,
} from '../types.js';
import { actRoutes } from './act-routes.js';
import { demoRoutes } from './demo-routes.js';
import { readJson, refuseUpgrade, sendError, sendJson } from './http-util.js';
import { hostAllowed, originAllowed } from './origin.js';
import { createPanelProxy, panelPath } from './panel-proxy.js';
import { RunRegistry } from './runs.js';
import type { ScenarioStore } from './scenario-store.js';
import { simBoardRoutes } from './sim-board-routes.js';
import { serveStatic } from './static.js';

// The lab API of docs/lab-api.md over node:http, plus the /api/stream WebSocket.
export interface ApiOptions {
  lab: Lab;
  /** Set when the lab could not start (e.g. not root): mutating calls answer 503 with it. */
  unavailable?: string;
  store: ScenarioStore;
  uiDir: string;
  resultsDir: string;
  /** The address we listen on; loopback turns on the Host check (DNS rebinding). */
  boundHost?: string;
}

/** The lab API server; `shutdown()` also ends what an open lab tab holds (stream, keep-alive). */
export interface ApiServer extends Server {
  shutdown(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void> | void;

export function createApiServer(o: ApiOptions): ApiServer {
  const { lab, store } = o;
  const runs = new RunRegistry(lab, o.resultsDir);
  // Read on every call: the CLI clears `unavailable` once the lab has started.
  const ready = () => {
    if (o.unavailable) throw new PulseboardError('INTERNAL', `lab unavailable: ${o.unavailable}`);
  };
  const panels = createPanelProxy(lab);
  const checker = new ScenarioCheckWorker(store.builtinDir);
  const routes: [string, RegExp, Handler][] = [
    ['GET', /^\/api\/lab$/, (_q, s) => sendJson(s, 200, labSnapshot(lab))],
    [
      'POST',
      /^\/api\/board\/start$/,
      async (q, s) => {
        ready();
        const body = await readJson(q);
        const port = body.port === undefined ? undefined : Number(body.port);
        if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
          throw new TypeError('port must be an integer 1..65535');
        if (body.where !== undefined && body.where !== 'ns' && body.where !== 'host')
          throw new TypeError('where must be "ns" or "host"');
        sendJson(s, 200, await lab.startBoard({ port, where: body.where as 'ns' | 'host' | undefined }));
      },
    ],
    ['POST', /^\/api\/board\/stop$/, async (_q, s) => (await lab.stopBoard(), sendJson(s, 200, lab.board))],
    [
      'POST',
      /^\/api\/clients$/,
      async (q, s) => {
        ready();
        const body = await readJson(q);
        if (!clientKinds.includes(body.kind as ClientKind))
          throw new TypeError(`kind must be one of ${clientKinds.join(', ')}`);
        if (
          body.user !== undefined &&
          (typeof body.user !== 'string' || !/^[A-Za-z0-9_.-]{1,32}$/.test(body.user))
        )
          throw new TypeError('user must be 1-32 characters of letters, digits, _ . -');
        const count = body.count === undefined ? 1 : Number(body.count);
        sendJson(
          s,
          201,
          await lab.addClients({
            kind: body.kind as ClientKind,
            user: body.user as string | undefined,
            count,
          }),
        );
      },
    ],
    [
      'DELETE',
      /^\/api\/clients\/([^/]+)$/,
      async (_q, s, [id]) => {
        if (!lab.client(id!)) throw new PulseboardError('NOT_FOUND', `no client ${id}`);
        await lab.removeClient(id!);
        sendJson(s, 200, { ok: true });
      },
    ],
    [
      'POST',
      /^\/api\/faults$/,
      async (q, s) => {
        ready();
        const body = await readJson(q);
        if (!faultKinds.includes(body.kind as FaultKind))
          throw new TypeError(`kind must be one of ${faultKinds.join(', ')}`);
        const targets = Array.isArray(body.targets) ? body.targets.map(String) : [];
        const durationMs = body.durationMs === undefined ? undefined : Number(body.durationMs);
        const params = (body.params ?? {}) as FaultParams;
        sendJson(s, 201, await lab.fault(body.kind as FaultKind, targets, params, durationMs));
      },
    ],
    [
      'DELETE',
      /^\/api\/faults\/([^/]+)$/,
      async (_q, s, [id]) => {
        if (!lab.isFaultActive(id!)) throw new PulseboardError('NOT_FOUND', `no active fault ${id}`);
        sendJson(s, 200, await lab.heal(id!));
      },
    ],
    ['POST', /^\/api\/heal$/, async (_q, s) => (await lab.healAll(), sendJson(s, 200, { ok: true }))],
    ['GET', /^\/api\/scenarios$/, (_q, s) => sendJson(s, 200, store.list())],
    [
      'GET',
      /^\/api\/scenarios\/([^/]+)$/,
      (_q, s, [name]) => {
        const source = store.source(name!);
        if (source === undefined) throw new PulseboardError('NOT_FOUND', `no scenario ${name}`);
        sendJson(s, 200, { name, source });
      },
    ],
    [
      'POST',
      /^\/api\/scenarios\/check$/,
      async (q, s) => {
        const body = await readJson(q);
        if (typeof body.source !== 'string')
          throw new PulseboardError('BAD_REQUEST', 'source must be a string');
        sendJson(s, 200, { diagnostics: await checker.check(body.source) });
      },
    ],
    [
      'PUT',
      /^\/api\/scenarios\/([^/]+)$/,
      async (q, s, [name]) => {
        const body = await readJson(q);
        if (typeof body.source !== 'string') throw new TypeError('source must be a string');
        sendJson(s, 200, store.save(name!, body.source));
      },
    ],
    [
      'POST',
      /^\/api\/runs$/,
      async (q, s) => {
        ready();
        const body = await readJson(q);
        let file: string;
        let name: string;
        if (typeof body.source === 'string') {
          name = typeof body.scenario === 'string' ? body.scenario : 'unsaved';
          file = store.scratch(Date.now().toString(36), body.source);
        } else if (typeof body.scenario === 'string') {
          const info = store.get(body.scenario);
          if (!info) throw new PulseboardError('NOT_FOUND', `no scenario ${body.scenario}`);
          file = info.file;
          name = info.name;
        } else throw new TypeError('give scenario (a name) or source');
        sendJson(s, 202, { runId: runs.start(file, name) });
      },
    ],
    [
      'POST',
      /^\/api\/runs\/([^/]+)\/stop$/,
      (_q, s, [id]) => {
        if (!runs.stop(id!)) throw new PulseboardError('NOT_FOUND', `no run ${id}`);
        sendJson(s, 200, { ok: true });
      },
    ],
    ['GET', /^\/api\/runs$/, (_q, s) => sendJson(s, 200, runs.list())],
    [
      'GET',
      /^\/api\/runs\/([^/]+)$/,
      (_q, s, [id]) => {
        const r = runs.get(id!);
        if (!r) throw new PulseboardError('NOT_FOUND', `no run ${id}`);
        sendJson(s, 200, r.result);
      },
    ],
    [
      'GET',
      /^\/api\/runs\/([^/]+)\/report$/,
      (_q, s, [id]) => {
        const r = runs.get(id!);
        if (!r) throw new PulseboardError('NOT_FOUND', `no run ${id}`);
        const html =
          r.report ??
          renderReport({ ...r.result, status: 'stopped', endedAt: Date.now() } as RunResult).replace(
            '>stopped<',
            '>running<',
          );
        s.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      },
    ],
    [
      'GET',
      /^\/api\/types\/scenario\.d\.ts$/,
      (_q, s) => void s.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(scenarioDts),
    ],
    ...actRoutes(lab, ready),
    ...simBoardRoutes(lab),
    ...demoRoutes(lab, ready),
  ];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://lab');
    void (async () => {
      try {
        if (!originAllowed(req) || !hostAllowed(req, o.boundHost ?? '127.0.0.1'))
          throw new PulseboardError('FORBIDDEN_ORIGIN', 'Cross-origin request refused');
        if (panels.http(req, res, url.pathname, url.search)) return;
        for (const [method, re, handler] of routes) {
          const m = re.exec(url.pathname);
          if (m && method === req.method) return await handler(req, res, m.slice(1).map(decodeURIComponent));
        }
        if (url.pathname.startsWith('/api/'))
          throw new PulseboardError('NOT_FOUND', `no route ${req.method} ${url.pathname}`);
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new PulseboardError('NOT_FOUND');
        serveStatic(o.uiDir, url.pathname, res);
      } catch (e) {
        if (!res.headersSent) sendError(res, e);
        else res.destroy();
      }
    })();
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const { pathname } = new URL(req.url ?? '/', 'http://lab');
    if (!originAllowed(req) || !hostAllowed(req, o.boundHost ?? '127.0.0.1'))
      return refuseUpgrade(socket, new PulseboardError('FORBIDDEN_ORIGIN', 'Cross-origin request refused'));
    if (pathname === '/api/stream')
      return wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    if (!panels.upgrade(req, socket, head))
      refuseUpgrade(socket, new PulseboardError('NOT_FOUND', `no route ${pathname}`));
  });
  wss.on('connection', (ws) => {
    // `recent`: what happened before this viewer connected (detections, faults), so a page
    // opened mid-run can still draw the timeline and the latency histograms.
    ws.send(JSON.stringify({ type: 'snapshot', lab: labSnapshot(lab), recent: lab.events.slice(-2000) }));
    const forward = (e: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(e));
    lab.on('event', forward);
    ws.on('close', () => lab.off('event', forward));
  });
  server.on('close', () => {
    wss.close();
    panels.close();
    void checker.close();
  });
  // server.close() alone waits for every connection: an open lab tab (its stream WebSocket, its
  // keep-alive requests, a framed panel) kept `serve` alive after Ctrl-C.
  const shutdown = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const ws of wss.clients) ws.terminate();
      panels.close();
      server.closeAllConnections();
    });
  return Object.assign(server, { shutdown });
}

/** GET /api/lab: the lab's snapshot, with the panel URL of each lab user while the board runs. */
function labSnapshot(lab: Lab) {
  const snap = lab.snapshot();
  const users = [...new Set(snap.clients.map((c) => c.user))].sort();
  const list = snap.board.running ? users.map((user) => ({ user, url: panelPath(user) })) : [];
  return { ...snap, board: { ...snap.board, panels: list } };
}
