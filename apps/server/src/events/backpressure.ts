import type { EventSink, ServerEvent } from './types.js';

export interface BackpressureOptions {
  /** Bytes the transport holds unsent (WebSocket bufferedAmount, SSE writableLength). */
  buffered(): number;
  /** Calls `fn` once, when the transport has written out what it held. */
  onceDrained(fn: () => void): void;
  /** The full state to send when it caught up (a `hello`), replacing everything it missed. */
  resync(): ServerEvent;
  /** Above this many unsent bytes the consumer is skipped. */
  limit: number;
}

/**
 * A slow consumer (a stalled tab, a client that does not read) is skipped, not buffered
 * without bound: once it holds more than `limit` unsent bytes it gets nothing more until it
 * drained, then one full resync event. A fast consumer pays one number comparison per event.
 */
export function withBackpressure(sink: EventSink, o: BackpressureOptions): EventSink & { skipped(): number } {
  let behind = false;
  let skipped = 0;
  return {
    id: sink.id,
    skipped: () => skipped,
    send(event, json) {
      if (behind) {
        skipped += 1;
        return;
      }
      if (o.buffered() > o.limit) {
        behind = true;
        skipped += 1;
        o.onceDrained(() => {
          behind = false;
          sink.send(o.resync());
        });
        return;
      }
      sink.send(event, json);
    },
  };
}
