import type { Socket } from 'node:net';
import { tuneSocket, watchSocket, watchWebSocket, type ConnectionWatch } from '@pulseboard/core';
import type { WebSocket } from 'ws';

// The configurations compared side by side. Each turns a fresh server-side connection into a
// "detected" promise: the moment the server would consider the client gone, and why.

export interface Detection {
  at: number;
  cause: string;
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

function fromWatch(watch: ConnectionWatch, destroy: () => void): Watched {
  const detected = new Promise<Detection>((resolve) =>
    watch.once('dead', (s) => resolve({ at: s.detectedAt!, cause: s.cause! })),
  );
  return {
    detected,
    dispose: () => {
      watch.close();
      destroy();
    },
  };
}

export const CONFIGS: Config[] = [
  { name: 'node-default', label: 'Node default', transport: 'tcp', watchTcp: nodeEvents },
  {
    name: 'node-ka1s',
    label: 'Node setKeepAlive(1s)',
    transport: 'tcp',
    watchTcp(socket) {
      socket.setKeepAlive(true, 1000);
      return nodeEvents(socket);
    },
  },
  {
    name: 'seed',
    label: 'seed keepalive 1s/1s/2',
    transport: 'tcp',
    watchTcp(socket) {
      // The seed's settings: keepalive only, no user timeout. (It also polled TCP_INFO once a
      // second; the kernel's own ETIMEDOUT arrives no later than such a poll would see CLOSE.)
      tuneSocket(socket, { keepIdleS: 1, keepIntvlS: 1, keepCnt: 2, userTimeoutMs: 0 });
      return nodeEvents(socket);
    },
  },
  {
    name: 'pb-tcp',
    label: 'Pulseboard TCP budget 2s',
    transport: 'tcp',
    watchTcp: (socket) => fromWatch(watchSocket(socket), () => socket.destroy()),
  },
  {
    // A bigger budget buys a second keepalive probe for idle connections (fewer false alarms).
    name: 'pb-tcp-3s',
    label: 'Pulseboard TCP budget 3s',
    transport: 'tcp',
    watchTcp: (socket) => fromWatch(watchSocket(socket, { tcpBudgetMs: 3000 }), () => socket.destroy()),
  },
  {
    // What the server does for SSE: never let a watched stream go idle, so even an "idle"
    // client is judged by retransmissions (robust to loss) instead of a single keepalive probe.
    name: 'pb-tcp-hb',
    label: 'Pulseboard TCP 2s + write heartbeat',
    transport: 'tcp',
    watchTcp: (socket) =>
      fromWatch(watchSocket(socket, { writeHeartbeat: { write: () => socket.write('\n') } }), () =>
        socket.destroy(),
      ),
  },
  {
    name: 'pb-ws',
    label: 'Pulseboard WS heartbeat',
    transport: 'ws',
    watchWs: (ws, socket) => fromWatch(watchWebSocket(ws, socket), () => ws.terminate()),
  },
];
