// The one catalog of stable error codes. Codes never change meaning once published; each
// carries the HTTP status and WebSocket close code a transport should use for it.
export const errorCatalog = {
  AUTH_REQUIRED: { status: 401, wsClose: 4401, message: 'Authentication required' },
  AUTH_FAILED: { status: 401, wsClose: 4401, message: 'Invalid user name or password' },
  AUTH_LOCKED_OUT: { status: 429, wsClose: 4429, message: 'Too many failed logins; try again later' },
  FORBIDDEN_ADDRESS: { status: 403, wsClose: 4403, message: 'Address not allowed' },
  FORBIDDEN_ROLE: { status: 403, wsClose: 4403, message: 'Your role does not allow this' },
  FORBIDDEN_ORIGIN: { status: 403, wsClose: 4403, message: 'Cross-origin WebSocket refused' },
  USER_DISCONNECTED: {
    status: 403,
    wsClose: 4403,
    message: 'Disconnected by an administrator; try again later',
  },
  SERVER_FULL: { status: 503, wsClose: 1013, message: 'Too many users connected' },
  BAD_REQUEST: { status: 400, wsClose: 1008, message: 'Invalid request' },
  NOT_FOUND: { status: 404, wsClose: 1008, message: 'Not found' },
  PAYLOAD_TOO_LARGE: { status: 413, wsClose: 1009, message: 'Message too large' },
  RATE_LIMITED: { status: 429, wsClose: 1008, message: 'Too many requests' },
  LINE_UNKNOWN: { status: 404, wsClose: 1008, message: 'No such line' },
  LINE_NOT_OUTPUT: { status: 409, wsClose: 1008, message: 'Line is not an output' },
  LOCK_HELD: { status: 409, wsClose: 1008, message: 'Another user holds the control lock' },
  COMMAND_TIMEOUT: { status: 504, wsClose: 1011, message: 'Hardware did not confirm in time' },
  DRIVER_ERROR: { status: 502, wsClose: 1011, message: 'Hardware driver error' },
  READBACK_MISMATCH: {
    status: 502,
    wsClose: 1011,
    message: 'The line does not hold the value written to it',
  },
  COMMAND_CANCELLED: { status: 409, wsClose: 1011, message: 'Command cancelled before it ran' },
  BOARD_INVALID: { status: 400, wsClose: 1008, message: 'Invalid board description' },
  USER_EXISTS: { status: 409, wsClose: 1008, message: 'User already exists' },
  USER_UNKNOWN: { status: 404, wsClose: 1008, message: 'No such user' },
  CONNECTION_CLOSED: { status: 400, wsClose: 4410, message: 'Connection closed before it could join' },
  STORE_ERROR: { status: 503, wsClose: 1011, message: 'The record could not be stored durably' },
  CROSS_SITE_REQUEST: { status: 403, wsClose: 4403, message: 'Cross-site request refused' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, wsClose: 1008, message: 'The body must be application/json' },
  TOO_MANY_CONNECTIONS: {
    status: 429,
    wsClose: 4408,
    message: 'Too many connections for this user; close another tab or window',
  },
  QUEUE_FULL: { status: 429, wsClose: 1008, message: 'Too many commands waiting for this line' },
  LOCK_TAKEN: { status: 409, wsClose: 1011, message: 'Cancelled: another user took the control lock' },
  BOARD_NOT_RUNNING: { status: 409, wsClose: 1008, message: 'Start the board first' },
  UNKNOWN_BOARD_ACCOUNT: {
    status: 400,
    wsClose: 1008,
    message: 'No account given for this user on the external board',
  },
  BOARD_ACCOUNT_REFUSED: {
    status: 502,
    wsClose: 1011,
    message: "The external board refused the lab's account",
  },
  CHECK_UNAVAILABLE: { status: 503, wsClose: 1011, message: 'The scenario type-checker is not available' },
  INTERNAL: { status: 500, wsClose: 1011, message: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export class PulseboardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly wsClose: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    const entry = errorCatalog[code];
    super(message ?? entry.message);
    this.name = 'PulseboardError';
    this.code = code;
    this.status = entry.status;
    this.wsClose = entry.wsClose;
    this.details = details;
  }

  toJSON(): { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}
