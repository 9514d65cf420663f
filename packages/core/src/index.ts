export { PulseboardError, errorCatalog, type ErrorCode } from './errors.js';
export { clip, clipFields, createLogger, silentLogger, MAX_LOG_FIELD, type Logger } from './log.js';
export * from './net/index.js';
export * from './liveness/index.js';
export * from './hardware/index.js';
export * from './store/index.js';
export { systemActor, type Actor, type Role } from './control/actor.js';
export {
  Controller,
  createController,
  type AllSafeReport,
  type BoardState,
  type ControllerEvents,
  type ControllerOptions,
  type FailsafeReport,
  type LockEvent,
  type OperationEvent,
  type OperationResult,
} from './control/controller.js';
export type { ChangedBy, LineState } from './control/line-state.js';
export type { LockChange, LockInfo } from './control/lock.js';
export * from './auth/index.js';
export * from './presence/index.js';
export { createChat, type Chat, type ChatOptions } from './control/chat.js';
export {
  openChatStore,
  type ChatMessage,
  type ChatStore,
  type ChatStoreOptions,
} from './control/chat-store.js';
