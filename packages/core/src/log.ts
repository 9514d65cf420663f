import { pino, type Logger, type LoggerOptions } from 'pino';

// JSON lines on stdout. Secrets never reach a log line: the redact list covers every field
// name that could carry one, wherever it sits in the object.
const redactPaths = [
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'cookie',
  '*.cookie',
  'hash',
  '*.hash',
  'secret',
  '*.secret',
];

export type { Logger };

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: process.env.PULSEBOARD_LOG_LEVEL ?? 'info',
    base: { app: 'pulseboard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
    ...options,
  });
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
