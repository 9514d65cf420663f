import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventSink, ServerEvent } from '../events/types.js';

export interface SseOptions {
  id: string;
  /** Comment line interval: keeps proxies from idling the stream out and makes writes that fail. */
  keepAliveMs: number;
}

/** Opens a text/event-stream response and returns it as an event sink. */
export function openSse(
  req: IncomingMessage,
  res: ServerResponse,
  options: SseOptions,
): EventSink & {
  close(): void;
  onClose(fn: () => void): void;
} {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  req.socket.setNoDelay(true);
  res.write(`retry: 1000\n\n`);
  const timer = setInterval(() => res.write(`: ka ${Date.now()}\n\n`), options.keepAliveMs);
  timer.unref();
  const closers: (() => void)[] = [];
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    for (const fn of closers) fn();
  };
  res.on('close', finish);
  return {
    id: options.id,
    send(event: ServerEvent, json = JSON.stringify(event)) {
      if (closed) return;
      res.write(`event: ${event.type}\ndata: ${json}\n\n`);
    },
    close() {
      res.end();
      finish();
    },
    onClose(fn) {
      closers.push(fn);
    },
  };
}
