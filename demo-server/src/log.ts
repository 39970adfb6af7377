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

function formatValue(value: LogFields[string]): string {
  if (Array.isArray(value)) return value.join(',');
  const text = String(value);
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}

export function createLogger({json, write, now = () => new Date()}: LoggerOptions): Logger {
  const emit = write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const log = (level: LogLevel, event: string, fields: LogFields = {}) => {
    const time = now().toISOString();
    const present = Object.entries(fields).filter(([, value]) => value !== undefined);
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

/** A logger that drops everything, for tests that do not read logs. */
export const silentLogger: Logger = {info() {}, warn() {}, error() {}};
