/**
 * Environment → validated configuration, in one place.
 *
 * Every problem is collected and reported together, each naming the variable
 * and the value it got, so an operator fixes a bad deployment in one go.
 */
import {DEFAULT_DEMO_SERVER_PORT, PRODUCTION_SITE_URL} from './contract/deployment.ts';
import {DEFAULT_LIMITS, type Limits} from './limits.ts';
import {LOG_LEVELS, type LogLevel} from './log.ts';
import {normalizeOrigin} from './origin.ts';

export interface Config {
  port: number;
  host: string;
  /** Serialised origins (`scheme://host[:port]`) allowed to use the server. */
  allowedOrigins: string[];
  /** Trust the right-most `X-Forwarded-For` entry as the client's address (behind one reverse proxy). */
  trustProxy: boolean;
  /** One JSON object per log line (`NODE_ENV=production`). */
  jsonLogs: boolean;
  limits: Limits;
  /** The operators' listener (`GET /metrics`, `GET /ready`): null when `METRICS_PORT=off`. */
  metrics: {port: number; host: string} | null;
  /** The least severe log level written (`LOG_LEVEL`). */
  logLevel: LogLevel;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [
  'http://localhost:3000',
  'http://127.0.0.1:3000',
  new URL(PRODUCTION_SITE_URL).origin,
];

/** Limits an operator may override, with the variable that sets each. */
const LIMIT_VARIABLES = {
  MAX_CONNECTIONS: 'maxConnections',
  MAX_CONNECTIONS_PER_CLIENT: 'maxConnectionsPerClient',
  HANDSHAKES_PER_MINUTE: 'handshakesPerMinutePerClient',
  IDLE_TIMEOUT_SECONDS: 'idleTimeoutMs',
  HEARTBEAT_INTERVAL_SECONDS: 'heartbeatIntervalMs',
} as const satisfies Record<string, keyof Limits>;

const SECONDS_VARIABLES = new Set<string>(['IDLE_TIMEOUT_SECONDS', 'HEARTBEAT_INTERVAL_SECONDS']);

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid demo server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function parseInteger(name: string, raw: string, min: number, max: number, problems: string[]): number | undefined {
  const text = raw.trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return undefined;
  }
  return value;
}

function parseBoolean(name: string, raw: string, problems: string[]): boolean | undefined {
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(text)) return true;
  if (['0', 'false', 'no', ''].includes(text)) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return undefined;
}

function parseOrigins(raw: string, problems: string[]): string[] {
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) {
    problems.push('ALLOWED_ORIGINS must list at least one origin, such as http://localhost:3000');
    return [];
  }
  const origins: string[] = [];
  for (const entry of entries) {
    if (entry === '') continue;
    // Accept a trailing slash, which people copy from the address bar.
    const origin = normalizeOrigin(entry.replace(/\/$/, ''));
    if (origin === null) {
      problems.push(
        `ALLOWED_ORIGINS entry "${entry}" is not an origin: write scheme://host[:port], such as https://example.org`,
      );
    } else if (!origins.includes(origin)) {
      origins.push(origin);
    }
  }
  return origins;
}

/**
 * Reads the configuration from environment variables.
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];

  const port = env.PORT === undefined ? DEFAULT_DEMO_SERVER_PORT : parseInteger('PORT', env.PORT, 0, 65_535, problems);

  const host = env.HOST === undefined ? '127.0.0.1' : env.HOST.trim();
  if (host === '' || /\s/.test(host)) problems.push(`HOST must be a host name or address, got "${env.HOST}"`);

  const allowedOrigins =
    env.ALLOWED_ORIGINS === undefined ? [...DEFAULT_ALLOWED_ORIGINS] : parseOrigins(env.ALLOWED_ORIGINS, problems);

  const trustProxy = env.TRUST_PROXY === undefined ? false : parseBoolean('TRUST_PROXY', env.TRUST_PROXY, problems);

  const limits: Limits = {...DEFAULT_LIMITS};
  for (const [name, key] of Object.entries(LIMIT_VARIABLES)) {
    const raw = env[name];
    if (raw === undefined) continue;
    const value = parseInteger(name, raw, 1, 1_000_000, problems);
    if (value !== undefined) limits[key] = SECONDS_VARIABLES.has(name) ? value * 1000 : value;
  }

  // The operators' listener and the log level. METRICS_PORT defaults to PORT + 1000 (9787 beside 8787): each
  // instance's pair of ports is easy to tell, two instances on one host never collide, and PORT=0 gives 0.
  const metricsPort =
    env.METRICS_PORT?.trim().toLowerCase() === 'off'
      ? null
      : env.METRICS_PORT === undefined
        ? port === undefined || port === 0
          ? 0
          : parseInteger('METRICS_PORT (PORT + 1000 unless set)', String(port + 1000), 1, 65_535, problems)
        : parseInteger('METRICS_PORT', env.METRICS_PORT, 0, 65_535, problems);
  const metricsHost = env.METRICS_HOST === undefined ? '127.0.0.1' : env.METRICS_HOST.trim();
  if (metricsHost === '' || /\s/.test(metricsHost)) {
    problems.push(`METRICS_HOST must be a host name or address, got "${env.METRICS_HOST}"`);
  }
  const logLevel = env.LOG_LEVEL === undefined ? 'info' : env.LOG_LEVEL.trim().toLowerCase();
  const isLogLevel = (level: string): level is LogLevel => (LOG_LEVELS as readonly string[]).includes(level);
  if (!isLogLevel(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: port ?? DEFAULT_DEMO_SERVER_PORT,
    host,
    allowedOrigins,
    trustProxy: trustProxy ?? false,
    jsonLogs: env.NODE_ENV === 'production',
    limits,
    metrics: metricsPort === null ? null : {port: metricsPort ?? 0, host: metricsHost},
    logLevel: isLogLevel(logLevel) ? logLevel : 'info',
  };
}
