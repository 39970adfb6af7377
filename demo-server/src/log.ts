/**
 * One line per notable event: human-readable in development, one JSON object
 * per line when `NODE_ENV=production` (for log collectors). `LOG_LEVEL` sets
 * the least severe level written.
 */

/** The levels, least severe first: a logger writes its own level and every one after it. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  json: boolean;
  /** The least severe level written; lines below it are dropped before they are formatted. Defaults to info. */
  level?: LogLevel;
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

/** Whether a line of `level` is written by a logger set to `threshold`. */
export function levelEnabled(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

export function createLogger({json, level: threshold = 'info', write, now = () => new Date()}: LoggerOptions): Logger {
  const emit = write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = (level: LogLevel, event: string, fields: LogFields = {}) => {
    if (!levelEnabled(level, threshold)) return;
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
    debug: (event, fields) => log('debug', event, fields),
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
  return {debug: limited('debug'), info: limited('info'), warn: limited('warn'), error: limited('error')};
}

/** A logger that drops everything, for tests that do not read logs. */
export const silentLogger: Logger = {debug() {}, info() {}, warn() {}, error() {}};
