import {describe, expect, it} from 'vitest';
import {
  ConfigError,
  DEPRECATED_LIMIT_VARIABLES,
  LIMIT_KEYS,
  LIMIT_RELATIONS,
  limitVariable,
  loadConfig,
  type Env,
} from '../../../demo-server/src/config.ts';
import {PRODUCTION_SITE_URL} from '../../../demo-server/src/contract/deployment.ts';
import {DEFAULT_LIMITS, LIMIT_SPECS, type LimitSpec} from '../../../demo-server/src/limits.ts';

function problemsOf(env: Env): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has defaults that work for local development', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.allowedOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', PRODUCTION_SITE_URL]);
    expect(config.trustProxy).toBe(false);
    expect(config.jsonLogs).toBe(false);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.warnings).toEqual([]);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      ALLOWED_ORIGINS: ' https://Example.org/ , http://localhost:3000,https://example.org',
      TRUST_PROXY: 'yes',
      NODE_ENV: 'production',
      MAX_CONNECTIONS: '50',
      MAX_CONNECTIONS_PER_CLIENT: '4',
      MAX_DEFLATE_CONNECTIONS: '10',
      HANDSHAKES_PER_MINUTE_PER_CLIENT: '10',
      IDLE_TIMEOUT_MS: '60000',
      HEARTBEAT_INTERVAL_MS: '15000',
    });
    expect(config).toMatchObject({port: 9000, host: '0.0.0.0', trustProxy: true, jsonLogs: true});
    // Normalised (case, trailing slash) and without duplicates.
    expect(config.allowedOrigins).toEqual(['https://example.org', 'http://localhost:3000']);
    expect(config.limits).toMatchObject({
      maxConnections: 50,
      maxConnectionsPerClient: 4,
      handshakesPerMinutePerClient: 10,
      idleTimeoutMs: 60_000,
      heartbeatIntervalMs: 15_000,
    });
  });

  it('reads deploy-preview patterns in ALLOWED_ORIGINS beside exact origins', () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: 'https://over-the-wire.dev, HTTPS://*.Preview.Example.org/,https://*.preview.example.org:443',
    });
    expect(config.allowedOrigins).toEqual(['https://over-the-wire.dev', 'https://*.preview.example.org']);
  });

  it('refuses each bad pattern, naming it, with the other problems', () => {
    expect(problemsOf({ALLOWED_ORIGINS: 'https://*.com,https://a.*.example.org', PORT: 'x'})).toEqual([
      'PORT must be a whole number from 0 to 65535, got "x"',
      expect.stringMatching(
        /^ALLOWED_ORIGINS entry "https:\/\/\*\.com" is not a valid origin pattern: "com" is a public suffix/,
      ),
      expect.stringMatching(
        /^ALLOWED_ORIGINS entry "https:\/\/a\.\*\.example\.org" is not a valid origin pattern: the wildcard must be the leftmost label/,
      ),
    ]);
  });

  it('accepts PORT=0 (any free port)', () => {
    expect(loadConfig({PORT: '0'}).port).toBe(0);
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number from 0 to 65535, got "abc"/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['PORT', '-1', /PORT must be a whole number/],
    ['PORT', '80.5', /PORT must be a whole number/],
    ['HOST', '  ', /HOST must be a host name or address/],
    ['ALLOWED_ORIGINS', 'not a url', /ALLOWED_ORIGINS entry "not a url" is not an origin/],
    [
      'ALLOWED_ORIGINS',
      'https://example.org/path',
      /ALLOWED_ORIGINS entry "https:\/\/example.org\/path" is not an origin/,
    ],
    ['ALLOWED_ORIGINS', 'ftp://example.org', /is not an origin/],
    ['ALLOWED_ORIGINS', ' , ', /ALLOWED_ORIGINS must list at least one origin/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY must be true or false, got "maybe"/],
    ['MAX_CONNECTIONS', '0', /MAX_CONNECTIONS must be a whole number from 1/],
    ['IDLE_TIMEOUT_MS', 'ten', /IDLE_TIMEOUT_MS must be a whole number from 1000 to 86400000, got "ten"/],
    ['IDLE_TIMEOUT_SECONDS', 'ten', /IDLE_TIMEOUT_SECONDS must be a whole number from 1 to 86400, got "ten"/],
    ['SHUTDOWN_GRACE_MS', '4800', /SHUTDOWN_GRACE_MS must be a whole number from 100 to 4500/],
    ['MAX_STREAMS', '1e4', /MAX_STREAMS must be a whole number/],
  ])('refuses %s=%j with a message naming it', (name, value, message) => {
    const problems = problemsOf({[name]: value});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reports every bad value at once', () => {
    const problems = problemsOf({PORT: 'eighty', ALLOWED_ORIGINS: 'nope', TRUST_PROXY: 'sometimes'});
    expect(problems).toHaveLength(3);
    let message = '';
    try {
      loadConfig({PORT: 'eighty', ALLOWED_ORIGINS: 'nope', TRUST_PROXY: 'sometimes'});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid demo server configuration:\n {2}- PORT/);
  });
});

describe('the bounds of Limits from the environment', () => {
  const settable = LIMIT_KEYS.filter((key) => (LIMIT_SPECS[key] as LimitSpec).fixed === undefined);
  const fixed = LIMIT_KEYS.filter((key) => (LIMIT_SPECS[key] as LimitSpec).fixed !== undefined);

  it('names each variable after its key, in CONSTANT_CASE', () => {
    expect(limitVariable('maxParkedLongPolls')).toBe('MAX_PARKED_LONG_POLLS');
    expect(limitVariable('idleTimeoutMs')).toBe('IDLE_TIMEOUT_MS');
    expect(limitVariable('handshakesPerMinutePerClient')).toBe('HANDSHAKES_PER_MINUTE_PER_CLIENT');
  });

  it('has defaults inside their own ranges and consistent with each other', () => {
    for (const key of LIMIT_KEYS) {
      const spec: LimitSpec = LIMIT_SPECS[key];
      expect(DEFAULT_LIMITS[key], key).toBeGreaterThanOrEqual(spec.min);
      expect(DEFAULT_LIMITS[key], key).toBeLessThanOrEqual(spec.max);
    }
    for (const {smaller, larger, strict} of LIMIT_RELATIONS) {
      const holds = strict
        ? DEFAULT_LIMITS[smaller] < DEFAULT_LIMITS[larger]
        : DEFAULT_LIMITS[smaller] <= DEFAULT_LIMITS[larger];
      expect(holds, `${smaller} against ${larger}`).toBe(true);
    }
  });

  it('reads every settable bound from its variable, at both ends of its range', () => {
    for (const end of ['min', 'max'] as const) {
      for (const key of settable) {
        const value = (LIMIT_SPECS[key] as LimitSpec)[end];
        // Alone, an end may break a relation with a default; only the value itself is under test here.
        let problems: string[] = [];
        try {
          expect(loadConfig({[limitVariable(key)]: String(value)}).limits[key], key).toBe(value);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          problems = error.problems;
        }
        expect(problems.filter((p) => p.startsWith(`${limitVariable(key)} must be a whole number`))).toEqual([]);
      }
    }
  });

  it('refuses each settable bound one past either end of its range', () => {
    for (const key of settable) {
      const spec: LimitSpec = LIMIT_SPECS[key];
      for (const value of [spec.min - 1, spec.max + 1]) {
        const problems = problemsOf({[limitVariable(key)]: String(value)});
        expect(problems, `${key}=${value}`).toContain(
          `${limitVariable(key)} must be a whole number from ${spec.min} to ${spec.max}, got "${value}"`,
        );
      }
    }
  });

  it('refuses the bounds a reader is told, saying why and where to change them', () => {
    expect(fixed).toEqual(
      expect.arrayContaining([
        'echoMaxMessageBytes',
        'inspectMaxMessageBytes',
        'maxHeldRequestsPerClient',
        'ftpRunsPerMinutePerClient',
        'longPollTimeoutMs',
      ]),
    );
    for (const key of fixed) {
      const problems = problemsOf({[limitVariable(key)]: String(DEFAULT_LIMITS[key])});
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        new RegExp(`^${limitVariable(key)} cannot be set: .+ Change ${key} in demo-server/src/limits.ts`),
      );
    }
    expect(problemsOf({ECHO_MAX_MESSAGE_BYTES: '1024'})[0]).toMatch(/the published AsyncAPI document states/);
  });

  it('still reads the three old names, with a warning naming the new variable', () => {
    const config = loadConfig({
      HANDSHAKES_PER_MINUTE: '10',
      IDLE_TIMEOUT_SECONDS: '60',
      HEARTBEAT_INTERVAL_SECONDS: '15',
    });
    expect(config.limits).toMatchObject({
      handshakesPerMinutePerClient: 10,
      idleTimeoutMs: 60_000,
      heartbeatIntervalMs: 15_000,
    });
    expect(config.warnings).toEqual([
      'HANDSHAKES_PER_MINUTE is deprecated: set HANDSHAKES_PER_MINUTE_PER_CLIENT=10 instead',
      'IDLE_TIMEOUT_SECONDS is deprecated: set IDLE_TIMEOUT_MS=60000 instead (in ms, not seconds)',
      'HEARTBEAT_INTERVAL_SECONDS is deprecated: set HEARTBEAT_INTERVAL_MS=15000 instead (in ms, not seconds)',
    ]);
    expect(DEPRECATED_LIMIT_VARIABLES.map((alias) => alias.name)).toEqual([
      'HANDSHAKES_PER_MINUTE',
      'IDLE_TIMEOUT_SECONDS',
      'HEARTBEAT_INTERVAL_SECONDS',
    ]);
  });

  it('accepts an old name beside its new one when they agree, and refuses them when they do not', () => {
    const agreeing = loadConfig({IDLE_TIMEOUT_SECONDS: '60', IDLE_TIMEOUT_MS: '60000'});
    expect(agreeing.limits.idleTimeoutMs).toBe(60_000);
    expect(agreeing.warnings).toEqual([
      'IDLE_TIMEOUT_SECONDS is deprecated and IDLE_TIMEOUT_MS is set: remove IDLE_TIMEOUT_SECONDS',
    ]);

    expect(problemsOf({IDLE_TIMEOUT_SECONDS: '60', IDLE_TIMEOUT_MS: '90000'})).toEqual([
      'IDLE_TIMEOUT_SECONDS=60 and IDLE_TIMEOUT_MS=90000 disagree: set only IDLE_TIMEOUT_MS (IDLE_TIMEOUT_SECONDS is its deprecated name)',
    ]);
    expect(problemsOf({HANDSHAKES_PER_MINUTE: '10', HANDSHAKES_PER_MINUTE_PER_CLIENT: '20'})[0]).toMatch(/disagree/);
  });

  it.each([
    [
      {MAX_STREAMS: '100', MAX_STREAMS_PER_CLIENT: '200'},
      'MAX_STREAMS_PER_CLIENT (200) must be at most MAX_STREAMS (100): a per-client bound above its total never applies',
    ],
    [
      {MAX_PARKED_LONG_POLLS: '2'},
      'MAX_PARKED_LONG_POLLS_PER_CLIENT (4, the default) must be at most MAX_PARKED_LONG_POLLS (2)',
    ],
    [{MAX_HELD_REQUESTS: '11'}, 'MAX_HELD_REQUESTS must be a whole number from 12'],
    [
      {HEARTBEAT_INTERVAL_MS: '60000', IDLE_TIMEOUT_MS: '60000'},
      'HEARTBEAT_INTERVAL_MS (60000) must be below IDLE_TIMEOUT_MS (60000)',
    ],
    [
      {HEADERS_TIMEOUT_MS: '40000'},
      'HEADERS_TIMEOUT_MS (40000) must be at most REQUEST_TIMEOUT_MS (30000, the default)',
    ],
    [{MAX_CONNECTIONS: '50000'}, 'MAX_CONNECTIONS (50000) must be at most MAX_TRACKED_CLIENTS'],
    [{SHUTDOWN_GRACE_MS: '40'}, 'SHUTDOWN_GRACE_MS must be a whole number from 100 to 4500, got "40"'],
    [
      {SHUTDOWN_GRACE_MS: '100', SHUTDOWN_IDLE_SWEEP_MS: '100'},
      'SHUTDOWN_IDLE_SWEEP_MS (100) must be below SHUTDOWN_GRACE_MS (100)',
    ],
    [
      {CACHE_MAX_BYTES: '65536', CACHE_MAX_BODY_BYTES: '131072'},
      'CACHE_MAX_BODY_BYTES (131072) must be at most CACHE_MAX_BYTES (65536)',
    ],
  ])('refuses bounds that contradict each other: %j', (env, message) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('reports range and relation problems together, and no relation of a value already refused', () => {
    const problems = problemsOf({
      MAX_STREAMS: 'many',
      MAX_STREAMS_PER_CLIENT: '20000',
      PORT: 'x',
      MAX_CONNECTIONS_PER_CLIENT: '1001',
      MAX_CONNECTIONS: '1000',
    });
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535, got "x"',
      'MAX_STREAMS must be a whole number from 1 to 1000000, got "many"',
      'MAX_STREAMS_PER_CLIENT must be a whole number from 1 to 10000, got "20000"',
      'MAX_CONNECTIONS_PER_CLIENT (1001) must be at most MAX_CONNECTIONS (1000): a per-client bound above its total never applies',
    ]);
  });
});

// The operators' variables: METRICS_PORT, METRICS_HOST and LOG_LEVEL.
describe('METRICS_PORT and METRICS_HOST', () => {
  it('default to PORT + 1000 on loopback', () => {
    expect(loadConfig({}).metrics).toEqual({port: 9787, host: '127.0.0.1'});
    expect(loadConfig({PORT: '8788'}).metrics).toEqual({port: 9788, host: '127.0.0.1'});
  });

  it('default to any free port when PORT is 0, so servers started side by side never collide', () => {
    expect(loadConfig({PORT: '0'}).metrics).toEqual({port: 0, host: '127.0.0.1'});
  });

  it('are read, and METRICS_PORT=off switches the listener off', () => {
    expect(loadConfig({METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0'}).metrics).toEqual({port: 9100, host: '0.0.0.0'});
    expect(loadConfig({METRICS_PORT: 'off'}).metrics).toBeNull();
    expect(loadConfig({METRICS_PORT: ' OFF '}).metrics).toBeNull();
  });

  it.each([
    [{METRICS_PORT: 'on'}, /METRICS_PORT must be a whole number from 0 to 65535, got "on"/],
    [{METRICS_PORT: '70000'}, /METRICS_PORT must be a whole number/],
    [{PORT: '65000'}, /METRICS_PORT \(PORT \+ 1000 unless set\) must be a whole number from 1 to 65535, got "66000"/],
    [{METRICS_HOST: ' '}, /METRICS_HOST must be a host name or address, got " "/],
  ])('refuses %j', (env, message) => {
    expect(problemsOf(env).join('\n')).toMatch(message);
  });

  it('lets PORT near the top run with METRICS_PORT set or off', () => {
    expect(loadConfig({PORT: '65000', METRICS_PORT: 'off'}).metrics).toBeNull();
    expect(loadConfig({PORT: '65000', METRICS_PORT: '9000'}).metrics?.port).toBe(9000);
  });
});

describe('LOG_LEVEL', () => {
  it('defaults to info and reads each level, in any case', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      expect(loadConfig({LOG_LEVEL: level.toUpperCase()}).logLevel).toBe(level);
    }
  });

  it('refuses anything else, with the other problems', () => {
    expect(problemsOf({LOG_LEVEL: 'verbose', PORT: 'x'})).toEqual([
      'PORT must be a whole number from 0 to 65535, got "x"',
      'LOG_LEVEL must be one of debug, info, warn, error, got "verbose"',
    ]);
  });
});
