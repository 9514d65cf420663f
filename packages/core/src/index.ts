export { PulseboardError, errorCatalog, type ErrorCode } from './errors.js';
export { createLogger, silentLogger, type Logger } from './log.js';
