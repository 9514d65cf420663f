// The server's HTTP/WS API as the panel sees it (apps/server/README.md is the contract): the
// server's and core's own types, imported as types only (the panel never bundles server code),
// so a change on the server that the panel does not follow fails the panel's type-check. Do not
// copy a wire type in here: eslint.config.js refuses a panel declaration of any of these names.
import type { PresenceSnapshot } from '@pulseboard/core/presence/events';

export type { Role } from '@pulseboard/core/control/actor';
export type { ChatMessage } from '@pulseboard/core/control/chat-message';
export type { BoardState, LockInfo, OperationEvent } from '@pulseboard/core/control/events';
export type { LineState } from '@pulseboard/core/control/line-state';
export type { LineValue } from '@pulseboard/core/hardware/board';
export type {
  ConnectionInfo as PresenceConnection,
  PresenceUser,
  UserPresenceState as PresenceState,
} from '@pulseboard/core/presence/events';
export type { AuditRecord } from '@pulseboard/core/store/audit-record';
export type { EventOf, Me, PresenceChange, ServerEvent } from '@pulseboard/server/events/types';

/** GET /api/presence and the `presence` of `hello`. */
export type Presence = PresenceSnapshot;

export interface ActivityItem {
  id: string;
  at: number;
  kind: 'operation' | 'lock' | 'presence' | 'failsafe' | 'detection';
  who: string;
  text: string;
  from?: string;
  /** Items of one happening (a user dropping: presence, lock released, failsafe) share a group. */
  group?: string;
  /** How this item reads when merged into its group's line; '' folds it in silently. */
  part?: string;
  /** Which item of a group leads its line: the highest weight (a drop over a wobble). */
  weight?: number;
  /** When this item leads its group, the whole group is left out of the feed. */
  quiet?: boolean;
  /** How far apart (ms) this item's group may be and still be one line; default mergeWindowMs. */
  window?: number;
}

/** `connecting`: nothing heard yet; `reconnecting`: cut off, what is shown is the last known. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';
