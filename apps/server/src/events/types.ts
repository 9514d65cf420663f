// The event stream's vocabulary, identical on SSE (`event: <type>`, JSON data) and on /ws
// (one JSON object per message with a `type` field). Documented in apps/server/README.md.
export interface ServerEvent {
  type: string;
  at: number;
  [key: string]: unknown;
}

/** One live push channel of a session: a WebSocket or an SSE stream. */
export interface EventSink {
  readonly id: string;
  /** `json` is `JSON.stringify(event)`, computed once per broadcast rather than once per sink. */
  send(event: ServerEvent, json?: string): void;
}
