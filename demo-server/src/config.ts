/**
 * Environment → validated configuration, in one place.
 *
 * Every problem is collected and reported together, each naming the variable
 * and the value it got, so an operator fixes a bad deployment in one go.
 */
import {DEFAULT_DEMO_SERVER_PORT, PRODUCTION_SITE_URL} from './contract/deployment.ts';
import {DEFAULT_LIMITS, LIMIT_SPECS, type Limits, type LimitSpec} from './limits.ts';
import {LOG_LEVELS, type LogLevel} from './log.ts';
import {normalizeOrigin, parseOriginPattern} from './origin.ts';

export interface Config {
  port: number;
  host: string;
  /**
   * Serialised origins (`scheme://host[:port]`) allowed to use the server, and
   * patterns for deploy previews (`https://*.preview.example.org`, see origin.ts).
   */
  allowedOrigins: string[];
  /** Trust the right-most `X-Forwarded-For` entry as the client's address (behind one reverse proxy). */
  trustProxy: boolean;
  /** One JSON object per log line (`NODE_ENV=production`). */
  jsonLogs: boolean;
  limits: Limits;
  /** What the operator should change though the server can start (deprecated names); main.ts logs them. */
  warnings: string[];
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

export const DEFAULT_HOST = '127.0.0.1';

/** A variable that is not a bound of `Limits`: documented with the bounds, in the table `npm run docs:config` writes. */
export interface ServerVariable {
  name: string;
  /** As the table shows it. */
  default: string;
  /** What values it takes, for the table. */
  accepts: string;
  doc: string;
}

/** Every variable `loadConfig` reads besides the bounds (a test checks that none is missing). */
export const SERVER_VARIABLES: readonly ServerVariable[] = [
  {
    name: 'PORT',
    default: String(DEFAULT_DEMO_SERVER_PORT),
    accepts: '0–65535',
    doc: 'Port to listen on; `0` takes any free port',
  },
  {
    name: 'HOST',
    default: DEFAULT_HOST,
    accepts: 'a host name or address',
    doc: 'Address to bind; keep it on loopback behind a reverse proxy',
  },
  {
    name: 'ALLOWED_ORIGINS',
    default: DEFAULT_ALLOWED_ORIGINS.join(','),
    accepts: 'origins and patterns',
    doc: 'Comma-separated origins whose pages may use the server, and deploy-preview patterns with one leftmost wildcard label (`https://*.preview.example.org`); others get 403',
  },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    accepts: '`true`, `false`, `yes`, `no`, `1`, `0`',
    doc: 'Take the client address from the right-most `X-Forwarded-For` entry (only behind one proxy you run)',
  },
  {name: 'NODE_ENV', default: '—', accepts: 'any', doc: '`production` logs one JSON object per line'},
  {
    name: 'LOG_LEVEL',
    default: 'info',
    accepts: '`debug`, `info`, `warn`, `error`',
    doc: 'The least severe log lines written (`warn` hides the `start` line too)',
  },
  {
    name: 'METRICS_PORT',
    default: '`PORT` + 1000',
    accepts: '0–65535, `off`',
    doc: "Port of the operators' listener (`GET /metrics`, `GET /ready`); `off` switches it off",
  },
  {
    name: 'METRICS_HOST',
    default: '127.0.0.1',
    accepts: 'a host name or address',
    doc: "Address the operators' listener binds; loopback so the metrics are never public by accident",
  },
];

/** The environment variable that sets a bound: its key in CONSTANT_CASE (`maxParkedLongPolls` → `MAX_PARKED_LONG_POLLS`). */
export function limitVariable(key: keyof Limits): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

export const LIMIT_KEYS = Object.keys(LIMIT_SPECS) as (keyof Limits)[]; // Object.keys loses the literal keys.

/**
 * Names from before the one naming scheme, still read: each sets the bound in
 * its own unit (`factor` converts it) and makes a start-up warning.
 */
export const DEPRECATED_LIMIT_VARIABLES: readonly {name: string; key: keyof Limits; factor: number}[] = [
  {name: 'HANDSHAKES_PER_MINUTE', key: 'handshakesPerMinutePerClient', factor: 1},
  {name: 'IDLE_TIMEOUT_SECONDS', key: 'idleTimeoutMs', factor: 1000},
  {name: 'HEARTBEAT_INTERVAL_SECONDS', key: 'heartbeatIntervalMs', factor: 1000},
];

/**
 * Bounds that depend on each other: `smaller` must stay below (`strict`) or
 * at most `larger`, for the reason given.
 */
export const LIMIT_RELATIONS: readonly {smaller: keyof Limits; larger: keyof Limits; strict: boolean; why: string}[] = [
  {
    smaller: 'maxConnectionsPerClient',
    larger: 'maxConnections',
    strict: false,
    why: 'a per-client bound above its total never applies',
  },
  {
    smaller: 'maxDeflateConnections',
    larger: 'maxConnections',
    strict: false,
    why: 'deflate connections count toward the total',
  },
  {
    smaller: 'maxConnections',
    larger: 'maxTrackedClients',
    strict: false,
    why: 'an address holding a connection is never forgotten, so fewer tracked addresses would refuse new clients before the total is reached',
  },
  {
    smaller: 'maxParkedLongPollsPerClient',
    larger: 'maxParkedLongPolls',
    strict: false,
    why: 'a per-client bound above its total never applies',
  },
  {
    smaller: 'maxStreamsPerClient',
    larger: 'maxStreams',
    strict: false,
    why: 'a per-client bound above its total never applies',
  },
  {
    smaller: 'heartbeatIntervalMs',
    larger: 'idleTimeoutMs',
    strict: true,
    why: 'the heartbeat must find a dead peer before the idle timeout would',
  },
  {
    smaller: 'headersTimeoutMs',
    larger: 'requestTimeoutMs',
    strict: false,
    why: 'the headers are part of the request (Node refuses otherwise)',
  },
  {
    smaller: 'connectionsCheckingIntervalMs',
    larger: 'headersTimeoutMs',
    strict: false,
    why: 'a slow client would otherwise keep its connection for up to one interval past the timeout',
  },
  {
    smaller: 'shutdownIdleSweepMs',
    larger: 'shutdownGraceMs',
    strict: true,
    why: 'otherwise shutdown never sweeps idle connections',
  },
  {
    smaller: 'cacheMaxBodyBytes',
    larger: 'cacheMaxBytes',
    strict: false,
    why: 'a body larger than the whole cache could never be stored',
  },
  {smaller: 'maxSandboxBytes', larger: 'maxStoreBytes', strict: false, why: 'one full sandbox must fit in the store'},
];

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
    if (entry.includes('*')) {
      const parsed = parseOriginPattern(entry.replace(/\/$/, ''));
      if (!parsed.ok) problems.push(`ALLOWED_ORIGINS entry ${parsed.problem}`);
      else if (!origins.includes(parsed.pattern.text)) origins.push(parsed.pattern.text);
      continue;
    }
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

/** Reads every bound from its variable (or a deprecated alias), then checks the bounds against each other. */
function readLimits(env: Env, problems: string[], warnings: string[]): Limits {
  const limits: Limits = {...DEFAULT_LIMITS};
  const invalid = new Set<keyof Limits>();
  const chosen = new Set<keyof Limits>();
  for (const key of LIMIT_KEYS) {
    const spec: LimitSpec = LIMIT_SPECS[key];
    const name = limitVariable(key);
    const raw = env[name];
    if (spec.fixed !== undefined) {
      if (raw !== undefined) {
        problems.push(
          `${name} cannot be set: ${spec.fixed}. Change ${key} in demo-server/src/limits.ts and deploy the site and the server built from it`,
        );
      }
      continue;
    }
    const value = raw === undefined ? undefined : parseInteger(name, raw, spec.min, spec.max, problems);
    if (raw !== undefined && value === undefined) invalid.add(key);
    if (value !== undefined) {
      limits[key] = value;
      chosen.add(key);
    }
  }

  for (const alias of DEPRECATED_LIMIT_VARIABLES) {
    const raw = env[alias.name];
    if (raw === undefined) continue;
    const spec: LimitSpec = LIMIT_SPECS[alias.key];
    const name = limitVariable(alias.key);
    const value = parseInteger(
      alias.name,
      raw,
      Math.ceil(spec.min / alias.factor),
      Math.floor(spec.max / alias.factor),
      problems,
    );
    if (value === undefined) {
      invalid.add(alias.key);
      continue;
    }
    const converted = value * alias.factor;
    const current = env[name];
    if (current !== undefined && !invalid.has(alias.key) && limits[alias.key] !== converted) {
      problems.push(
        `${alias.name}=${raw.trim()} and ${name}=${current.trim()} disagree: set only ${name} (${alias.name} is its deprecated name)`,
      );
      invalid.add(alias.key);
      continue;
    }
    const unit = alias.factor === 1 ? '' : ` (in ${spec.unit}, not seconds)`;
    warnings.push(
      current === undefined
        ? `${alias.name} is deprecated: set ${name}=${converted} instead${unit}`
        : `${alias.name} is deprecated and ${name} is set: remove ${alias.name}`,
    );
    limits[alias.key] = converted;
    chosen.add(alias.key);
  }

  // A value the operator did not set is named as the default, so the message says which one to set.
  const shown = (key: keyof Limits) =>
    `${limitVariable(key)} (${limits[key]}${chosen.has(key) ? '' : ', the default'})`;
  for (const {smaller, larger, strict, why} of LIMIT_RELATIONS) {
    if (invalid.has(smaller) || invalid.has(larger)) continue;
    if (strict ? limits[smaller] < limits[larger] : limits[smaller] <= limits[larger]) continue;
    problems.push(`${shown(smaller)} must be ${strict ? 'below' : 'at most'} ${shown(larger)}: ${why}`);
  }
  return limits;
}

/**
 * Reads the configuration from environment variables.
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];

  const port = env.PORT === undefined ? DEFAULT_DEMO_SERVER_PORT : parseInteger('PORT', env.PORT, 0, 65_535, problems);

  const host = env.HOST === undefined ? DEFAULT_HOST : env.HOST.trim();
  if (host === '' || /\s/.test(host)) problems.push(`HOST must be a host name or address, got "${env.HOST}"`);

  const allowedOrigins =
    env.ALLOWED_ORIGINS === undefined ? [...DEFAULT_ALLOWED_ORIGINS] : parseOrigins(env.ALLOWED_ORIGINS, problems);

  const trustProxy = env.TRUST_PROXY === undefined ? false : parseBoolean('TRUST_PROXY', env.TRUST_PROXY, problems);

  const warnings: string[] = [];
  const limits = readLimits(env, problems, warnings);

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
    warnings,
    metrics: metricsPort === null ? null : {port: metricsPort ?? 0, host: metricsHost},
    logLevel: isLogLevel(logLevel) ? logLevel : 'info',
  };
}

/**
 * File descriptors the process holds besides the bounded connections: 25 with
 * the server idle (measured in /proc/<pid>/fd), with room for log files and
 * idle keep-alive connections, which no bound counts.
 */
export const RESERVED_FILE_DESCRIPTORS = 100;

/**
 * File descriptors the configured totals can hold open at once: one per
 * WebSocket, event stream, parked long-poll and held request, and four per
 * FTP demo connection (its control and data connections, both ends of each
 * in this process).
 */
export function fileDescriptorsNeeded(limits: Limits): number {
  return (
    limits.maxConnections +
    limits.maxStreams +
    limits.maxParkedLongPolls +
    limits.maxHeldRequests +
    4 * limits.ftpMaxConnections +
    RESERVED_FILE_DESCRIPTORS
  );
}

/**
 * The soft limit on open files from the text of Linux's `/proc/self/limits`
 * (the `Max open files` line): a number, Infinity for `unlimited`, or null
 * when the line is missing.
 */
export function openFilesLimit(procSelfLimits: string): number | null {
  const match = /^Max open files\s+(\d+|unlimited)\s/m.exec(procSelfLimits);
  if (match === null) return null;
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}

/**
 * A warning when the configured totals need more file descriptors than the
 * process may open, or null. Node raises its soft limit to the hard limit at
 * start, so the limit read here is the hard one the process was given.
 */
export function fileDescriptorWarning(limits: Limits, procSelfLimits: string): string | null {
  const available = openFilesLimit(procSelfLimits);
  const needed = fileDescriptorsNeeded(limits);
  if (available === null || available >= needed) return null;
  const raiseTo = Math.ceil(needed / 1024) * 1024;
  // Short enough for one log field (log.ts cuts at 200 characters); the sum is explained on the operators' page.
  return (
    `Open-file limit ${available} is below the ${needed} descriptors the configured totals may hold; ` +
    `raise it to ${raiseTo} (LimitNOFILE=, ulimit -n) or lower the totals`
  );
}
