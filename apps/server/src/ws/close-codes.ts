import { errorCatalog } from '@pulseboard/core';

// WebSocket close codes the server uses; catalog codes where the catalog has one.
export const closeCodes = {
  normal: 1000,
  goingAway: 1001,
  badMessage: errorCatalog.BAD_REQUEST.wsClose,
  tooLarge: errorCatalog.PAYLOAD_TOO_LARGE.wsClose,
  rateLimited: errorCatalog.RATE_LIMITED.wsClose,
  disconnectedByAdmin: errorCatalog.USER_DISCONNECTED.wsClose,
  /** The user already holds `maxConnectionsPerUser` live push connections (WS + SSE). */
  tooManyConnections: errorCatalog.TOO_MANY_CONNECTIONS.wsClose,
} as const;
