/**
 * One line per notable event: human-readable in development, one JSON object
 * per line when `NODE_ENV=production` (for log collectors).
 */

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  json: boolean;
  /** Where lines go; defaults to stdout. Tests pass a collector. */
  write?: (line: string) => void;
  now?: () => Date;
}

/** Longest string a log line repeats: field values come from clients (an Origin, a path) and are cut here. */
const MAX_FIELD_CHARS = 200;

function bounded(value: LogFields[string]): LogFields[string] {
  if (typeof value !== 'string' || value.length <= MAX_FIELD_CHARS) return value;
  return `${value.slice(0, MAX_FIELD_CHARS)}… (${value.length} characters)`;
}

function formatValue(value: LogFields[string]): string {
  if (Array.isArray(value)) return value.join(',');
  const text = String(value);
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}

export function createLogger({json, write, now = () => new Date()}: LoggerOptions): Logger {
  const emit = write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = (level: LogLevel, event: string, fields: LogFields = {}) => {
    const time = now().toISOString();
    const present = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, bounded(value)] as const);
    if (json) {
      emit(JSON.stringify({time, level, event, ...Object.fromEntries(present)}));
      return;
    }
    const pairs = present.map(([key, value]) => `${key}=${formatValue(value)}`);
    emit([time, level.padEnd(5), event, ...pairs].join(' '));
  };
  return {
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
  };
}

export interface RateLimitOptions {
  /** Lines let through a second for each event name, sustained (and in a burst). */
  perSecond: number;
  now?: () => number;
}

/**
 * Bounds what clients can make the server write: each event name gets
 * `perSecond` lines a second (a token bucket), the rest are counted, and the
 * next line of that event let through says how many were left out
 * (`suppressed`). A flood of refused requests costs a few lines a second,
 * not one per request.
 */
export function rateLimited(logger: Logger, {perSecond, now = Date.now}: RateLimitOptions): Logger {
  const buckets = new Map<string, {tokens: number; at: number; suppressed: number}>();
  const limited =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}): void => {
      const at = now();
      const bucket = buckets.get(event) ?? {tokens: perSecond, at, suppressed: 0};
      bucket.tokens = Math.min(perSecond, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
      bucket.at = at;
      buckets.set(event, bucket);
      if (bucket.tokens < 1) {
        bucket.suppressed += 1;
        return;
      }
      bucket.tokens -= 1;
      const suppressed = bucket.suppressed;
      bucket.suppressed = 0;
      logger[level](event, suppressed > 0 ? {...fields, suppressed} : fields);
    };
  return {info: limited('info'), warn: limited('warn'), error: limited('error')};
}

/** A logger that drops everything, for tests that do not read logs. */
export const silentLogger: Logger = {info() {}, warn() {}, error() {}};
