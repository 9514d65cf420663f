import type { EventSink, ServerEvent } from './types.js';

/**
 * Fan-out to every live channel. Sends are synchronous writes into each socket's buffer, so a
 * broadcast reaches the kernel in the same tick as the detection that caused it.
 */
export class EventHub {
  readonly #sinks = new Map<string, EventSink>();

  add(sink: EventSink): void {
    this.#sinks.set(sink.id, sink);
  }

  remove(id: string): void {
    this.#sinks.delete(id);
  }

  get size(): number {
    return this.#sinks.size;
  }

  broadcast(event: ServerEvent, exceptId?: string): void {
    const json = JSON.stringify(event);
    for (const sink of this.#sinks.values()) {
      if (sink.id === exceptId) continue;
      try {
        sink.send(event, json);
      } catch {
        // A sink that cannot take a write is closing; its own close path removes it.
      }
    }
  }
}
