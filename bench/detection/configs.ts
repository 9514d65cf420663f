import type { Socket } from 'node:net';
import { tuneSocket, watchSocket, watchWebSocket, type ConnectionWatch } from '@pulseboard/core';
import * as baseline from './baseline/index.js';
import type { WebSocket } from 'ws';

// The configurations compared side by side. Each turns a fresh server-side connection into a
// "detected" promise: the moment the server would consider the client gone, and why.

export interface Detection {
  at: number;
  cause: string;
  detail?: string | null;
}

export interface Watched {
  detected: Promise<Detection>;
  /** Stop and destroy: end of trial. */
  dispose(): void;
}

export interface Config {
  name: string;
  label: string;
  transport: 'tcp' | 'ws';
  watchTcp?(socket: Socket): Watched;
  watchWs?(ws: WebSocket, socket: Socket): Watched;
  /** Another product's behaviour: detection trials only (it has no false alarms to count). */
  peer?: boolean;
}

/** Plain Node: the first of 'end' / 'error' / 'close' is the detection. */
function nodeEvents(socket: Socket): Watched {
  const detected = new Promise<Detection>((resolve) => {
    socket.once('end', () => resolve({ at: Date.now(), cause: 'fin' }));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ at: Date.now(), cause: e.code ?? 'error' }));
    socket.once('close', () => resolve({ at: Date.now(), cause: 'close' }));
  });
  return { detected, dispose: () => socket.destroy() };
}

function fromWatch(watch: ConnectionWatch | baseline.ConnectionWatch, destroy: () => void): Watched {
  const detected = new Promise<Detection>((resolve) =>
    watch.once('dead', (s) => resolve({ at: s.detectedAt!, cause: s.cause!, detail: s.detail })),
  );
  return {
    detected,
    dispose: () => {
      watch.close();
      destroy();
    },
  };
}

const ALL_CONFIGS: Config[] = [
  { name: 'node-default', label: 'Node default', transport: 'tcp', watchTcp: nodeEvents, peer: true },
  {
    name: 'node-ka1s',
    label: 'Node setKeepAlive(1s)',
    transport: 'tcp',
    peer: true,
    watchTcp(socket) {
      socket.setKeepAlive(true, 1000);
      return nodeEvents(socket);
    },
  },
  {
    name: 'seed',
    label: 'seed keepalive 1s/1s/2',
    transport: 'tcp',
    peer: true,
    watchTcp(socket) {
      // The seed's settings: keepalive only, no user timeout. (It also polled TCP_INFO once a
      // second; the kernel's own ETIMEDOUT arrives no later than such a poll would see CLOSE.)
      tuneSocket(socket, { keepIdleS: 1, keepIntvlS: 1, keepCnt: 2, userTimeoutMs: 0 });
      return nodeEvents(socket);
    },
  },
  // Today's settings (main before detection v2), frozen in ./baseline.
  {
    name: 'v1-tcp',
    label: 'today: TCP budget 2s',
    transport: 'tcp',
    watchTcp: (socket) => fromWatch(baseline.watchSocket(socket), () => socket.destroy()),
  },
  {
    name: 'v1-tcp-3s',
    label: 'today: TCP budget 3s',
    transport: 'tcp',
    watchTcp: (socket) =>
      fromWatch(baseline.watchSocket(socket, { tcpBudgetMs: 3000 }), () => socket.destroy()),
  },
  {
    name: 'v1-tcp-hb',
    label: 'today: TCP 2s + write heartbeat',
    transport: 'tcp',
    watchTcp: (socket) =>
      fromWatch(baseline.watchSocket(socket, { writeHeartbeat: { write: () => socket.write('\n') } }), () =>
        socket.destroy(),
      ),
  },
  {
    name: 'v1-ws',
    label: 'today: WS heartbeat 250/900',
    transport: 'ws',
    watchWs: (ws, socket) => fromWatch(baseline.watchWebSocket(ws, socket), () => ws.terminate()),
  },
  // Detection v2 (packages/core/src/liveness), by preset.
  {
    name: 'tcp',
    label: 'v2 lan-fast: TCP 2.5s (default)',
    transport: 'tcp',
    watchTcp: (socket) => fromWatch(watchSocket(socket), () => socket.destroy()),
  },
  {
    name: 'tcp-2000',
    label: 'v2 lan-fast: TCP 2s',
    transport: 'tcp',
    watchTcp: (socket) => fromWatch(watchSocket(socket, { tcpBudgetMs: 2000 }), () => socket.destroy()),
  },

  {
    name: 'tcp-wifi',
    label: 'v2 wifi-tolerant: TCP 3s',
    transport: 'tcp',
    watchTcp: (socket) => fromWatch(watchSocket(socket, { preset: 'wifi-tolerant' }), () => socket.destroy()),
  },
  {
    name: 'tcp-hb',
    label: 'v2 lan-fast: TCP 2.5s + write hb',
    transport: 'tcp',
    watchTcp: (socket) =>
      fromWatch(watchSocket(socket, { writeHeartbeat: { write: () => socket.write('\n') } }), () =>
        socket.destroy(),
      ),
  },
  {
    name: 'ws-ping',
    label: 'v2 lan-fast: WS ping beat',
    transport: 'ws',
    watchWs: (ws, socket) => fromWatch(watchWebSocket(ws, socket, { beat: 'ping' }), () => ws.terminate()),
  },
  {
    name: 'ws',
    label: 'v2 lan-fast: WS kernel beat (default)',
    transport: 'ws',
    watchWs: (ws, socket) => fromWatch(watchWebSocket(ws, socket), () => ws.terminate()),
  },
  {
    name: 'ws-wifi',
    label: 'v2 wifi-tolerant: WS',
    transport: 'ws',
    watchWs: (ws, socket) =>
      fromWatch(watchWebSocket(ws, socket, { preset: 'wifi-tolerant' }), () => ws.terminate()),
  },
  {
    name: 'ws-cell',
    label: 'v2 cellular: WS',
    transport: 'ws',
    watchWs: (ws, socket) =>
      fromWatch(watchWebSocket(ws, socket, { preset: 'cellular' }), () => ws.terminate()),
  },
];

// BENCH_ONLY=ws,v1-ws runs a subset while developing.
const only = process.env.BENCH_ONLY?.split(',');
export const CONFIGS: Config[] = only ? ALL_CONFIGS.filter((c) => only.includes(c.name)) : ALL_CONFIGS;
