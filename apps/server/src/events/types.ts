import type { Role } from '@pulseboard/core/control/actor';
import type { ChatMessage } from '@pulseboard/core/control/chat-message';
import type {
  BoardState,
  FailsafeReport,
  LockChange,
  LockInfo,
  OperationEvent,
} from '@pulseboard/core/control/events';
import type { LineState } from '@pulseboard/core/control/line-state';
import type { LivenessState } from '@pulseboard/core/liveness/types';
import type { PresenceEvent, PresenceSnapshot, PresenceUser } from '@pulseboard/core/presence/events';

// The event stream's vocabulary, identical on SSE (`event: <type>`, JSON data) and on /ws
// (one JSON object per message with a `type` field). Documented in apps/server/README.md.
// The panel imports these types (only types: see eslint.config.js); every module here and
// below it must stay free of Node imports, because the panel compiles them for the browser.

/** Who the stream belongs to: the first thing a client learns (in `hello`). */
export interface Me {
  user: string;
  role: Role;
  sessionId: string;
  connectionId: string;
}

/** One liveness transition of one connection, as logged (`event: 'detection'`) and pushed. */
export interface DetectionRecord {
  state: LivenessState;
  /** The death cause, or 'silence' (suspect) / 'heard' (alive) when the watch names none. */
  cause: string;
  detail: string | null;
  connectionId: string;
  user: string;
  sessionId: string;
  remote: string;
  /** 'ws' | 'sse' | 'http' (a plain string in the record the server logs). */
  transport: string;
  lastHeardAt: number;
  suspectAt: number | null;
  detectedAt: number;
}

/** A presence delta: a presence module event, or `rtt` when only round-trip times moved. */
export type PresenceChange = PresenceEvent | { type: 'rtt' };

/** Every message the server pushes on /ws and on /api/events, told apart by `type`. */
export type ServerEvent =
  | {
      type: 'hello';
      at: number;
      you: Me;
      state: BoardState;
      presence: PresenceSnapshot;
      chat: ChatMessage[];
      /**
       * Asked for with `/ws?beat=1` and where the server beats itself: it sends something (an
       * empty text message when it has nothing else) at least this often, so the client need
       * not ping to know it is still connected. Absent: ping for yourself.
       */
      beatMs?: number;
      /** The same socket, after events were skipped while it drained: a full snapshot again. */
      resync?: boolean;
    }
  | { type: 'state'; at: number; line: LineState }
  | {
      type: 'lock';
      at: number;
      lockEvent: LockChange['type'];
      lock: LockInfo;
      by?: { user: string; sessionId: string };
      locks: LockInfo[];
    }
  /** A delta: the changed user's entry now (`user`), or the RTTs that moved (`rtt`, by connection id). */
  | {
      type: 'presence';
      at: number;
      change: PresenceChange;
      user?: PresenceUser | null;
      rtt?: Record<string, number>;
    }
  /** The controller's operation event plus the address of the session that asked. */
  | { type: 'operation'; at: number; operation: OperationEvent & { remote: string | null } }
  | { type: 'chat'; at: number; message: ChatMessage }
  | { type: 'failsafe'; at: number; report: FailsafeReport }
  | ({ type: 'detection'; at: number } & DetectionRecord)
  // Replies on /ws only, to the client's own commands.
  | { type: 'pong'; at: number; t?: number }
  | { type: 'ack'; at: number; id?: string; result?: unknown }
  | { type: 'error'; at: number; id?: string; error: { code: string; message: string } };

export type ServerEventType = ServerEvent['type'];

/** The event of one type, e.g. `EventOf<'hello'>`. */
export type EventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;

/** An event before the sender stamps `at` on it (the /ws replies). */
export type Unstamped<E extends ServerEvent = ServerEvent> = E extends ServerEvent ? Omit<E, 'at'> : never;

/** One live push channel of a session: a WebSocket or an SSE stream. */
export interface EventSink {
  readonly id: string;
  /** `json` is `JSON.stringify(event)`, computed once per broadcast rather than once per sink. */
  send(event: ServerEvent, json?: string): void;
}
