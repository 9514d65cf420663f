// The /api/stream WebSocket: one snapshot on connect, then every LabEvent. Reconnects with
// backoff because the lab server restarts often during development and demos.
import type { StreamMessage } from './types.js';

export type StreamStatus = 'connecting' | 'open' | 'closed';

export interface StreamHandlers {
  onMessages: (messages: StreamMessage[]) => void;
  onStatus: (status: StreamStatus) => void;
}

export function streamUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/stream`;
}

/** Opens the stream; returns a function that closes it for good. */
export function openLabStream(handlers: StreamHandlers, url = streamUrl()): () => void {
  let ws: WebSocket | undefined;
  let stopped = false;
  let retryMs = 250;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Events can arrive in bursts (50 clients told at once): hand them over once per frame
  // so React renders once per burst, not once per message.
  let pending: StreamMessage[] = [];
  let frame = 0;
  const flush = () => {
    frame = 0;
    const batch = pending;
    pending = [];
    if (batch.length) handlers.onMessages(batch);
  };

  const connect = () => {
    handlers.onStatus('connecting');
    ws = new WebSocket(url);
    ws.onopen = () => {
      retryMs = 250;
      handlers.onStatus('open');
    };
    ws.onmessage = (ev) => {
      try {
        pending.push(JSON.parse(String(ev.data)) as StreamMessage);
      } catch {
        return; // a malformed frame is the server's bug; don't take the UI down with it
      }
      if (!frame) frame = requestAnimationFrame(flush);
    };
    ws.onclose = () => {
      handlers.onStatus('closed');
      if (stopped) return;
      timer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return () => {
    stopped = true;
    clearTimeout(timer);
    if (frame) cancelAnimationFrame(frame);
    flush();
    ws?.close();
  };
}
