import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

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

/** Longest string a log field keeps: a request may carry kilobytes of attacker text. */
export const MAX_LOG_FIELD = 256;

/** `text` cut to `max` characters, saying how long it was; non-strings pass through. */
export function clip<T>(text: T, max = MAX_LOG_FIELD): T | string {
  if (typeof text !== 'string' || text.length <= max) return text;
  return `${text.slice(0, max)}…(${text.length} chars)`;
}

/** Every string field (and those of nested plain objects, two levels down) clipped. */
export function clipFields(obj: Record<string, unknown>, depth = 2): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out[k] = clip(v);
    else if (
      depth > 0 &&
      v !== null &&
      typeof v === 'object' &&
      Object.getPrototypeOf(v) === Object.prototype
    )
      out[k] = clipFields(v as Record<string, unknown>, depth - 1);
    else out[k] = v;
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const settings: LoggerOptions = {
    level: process.env.PULSEBOARD_LOG_LEVEL ?? 'info',
    base: { app: 'pulseboard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
    formatters: { log: clipFields },
    ...options,
  };
  return destination ? pino(settings, destination) : pino(settings);
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
