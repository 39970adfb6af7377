/** loadConfig: environment → validated demo server configuration. */
import {describe, expect, it} from 'vitest';
import {ConfigError, DEFAULT_ALLOWED_ORIGINS, loadConfig, type Env} from '../../demo-server/src/config.ts';
import {DEFAULT_DEMO_SERVER_PORT, PRODUCTION_SITE_URL} from '../../demo-server/src/contract.ts';
import {DEFAULT_LIMITS} from '../../demo-server/src/limits.ts';

/** Runs loadConfig and returns the ConfigError it throws (failing the test if it does not). */
function configError(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  it('listens on 127.0.0.1:8787 with the local site and the production site allowed', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.port).toBe(DEFAULT_DEMO_SERVER_PORT);
    expect(config.host).toBe('127.0.0.1');
    expect(config.allowedOrigins).toEqual(
      expect.arrayContaining(['http://localhost:3000', 'http://127.0.0.1:3000', PRODUCTION_SITE_URL]),
    );
    expect(config.allowedOrigins).toEqual([...DEFAULT_ALLOWED_ORIGINS]);
    expect(config.trustProxy).toBe(false);
    expect(config.jsonLogs).toBe(false);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
  });

  it('allows the production origin exactly as a browser serialises it', () => {
    // A browser's Origin header has no trailing slash or path; the allow-list entry must match it.
    expect(loadConfig({}).allowedOrigins).toContain(new URL(PRODUCTION_SITE_URL).origin);
  });

  it('hands out a fresh list each time, so one caller cannot change another’s defaults', () => {
    const first = loadConfig({});
    first.allowedOrigins.push('https://mutated.example');
    first.limits.maxConnections = 1;
    const second = loadConfig({});
    expect(second.allowedOrigins).not.toContain('https://mutated.example');
    expect(second.limits.maxConnections).toBe(DEFAULT_LIMITS.maxConnections);
  });
});

describe('loadConfig valid values', () => {
  it('reads PORT (0 included, for an ephemeral port), HOST, TRUST_PROXY and NODE_ENV', () => {
    expect(loadConfig({PORT: '0'}).port).toBe(0);
    expect(loadConfig({PORT: ' 9000 '}).port).toBe(9000);
    expect(loadConfig({PORT: '65535'}).port).toBe(65_535);
    expect(loadConfig({HOST: '0.0.0.0'}).host).toBe('0.0.0.0');
    expect(loadConfig({HOST: '::1'}).host).toBe('::1');
    expect(loadConfig({TRUST_PROXY: 'true'}).trustProxy).toBe(true);
    expect(loadConfig({TRUST_PROXY: 'YES'}).trustProxy).toBe(true);
    expect(loadConfig({TRUST_PROXY: '0'}).trustProxy).toBe(false);
    expect(loadConfig({NODE_ENV: 'production'}).jsonLogs).toBe(true);
    expect(loadConfig({NODE_ENV: 'development'}).jsonLogs).toBe(false);
  });

  it('normalises ALLOWED_ORIGINS entries: case, default ports, a trailing slash, spaces, duplicates', () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: ' HTTPS://Example.ORG:443/ , http://localhost:3000,http://LOCALHOST:3000 ,, http://a.example:80',
    });
    expect(config.allowedOrigins).toEqual(['https://example.org', 'http://localhost:3000', 'http://a.example']);
  });

  it('reads limit overrides, seconds variables in milliseconds', () => {
    const {limits} = loadConfig({
      MAX_CONNECTIONS: '50',
      MAX_CONNECTIONS_PER_CLIENT: '3',
      HANDSHAKES_PER_MINUTE: '10',
      IDLE_TIMEOUT_SECONDS: '30',
      HEARTBEAT_INTERVAL_SECONDS: '5',
    });
    expect(limits).toEqual({
      ...DEFAULT_LIMITS,
      maxConnections: 50,
      maxConnectionsPerClient: 3,
      handshakesPerMinutePerClient: 10,
      idleTimeoutMs: 30_000,
      heartbeatIntervalMs: 5_000,
    });
  });
});

describe('loadConfig bad values', () => {
  it.each([
    ['abc', /PORT must be a whole number from 0 to 65535, got "abc"/],
    ['70000', /PORT .*got "70000"/],
    ['-1', /PORT .*got "-1"/],
    ['80.5', /PORT .*got "80.5"/],
    ['1e3', /PORT .*got "1e3"/],
    ['', /PORT .*got ""/],
  ])('refuses PORT=%j, naming the variable and the value', (value, message) => {
    const error = configError({PORT: value});
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(message);
    expect(error.message).toMatch(message);
  });

  it('refuses an ALLOWED_ORIGINS entry that is not a URL', () => {
    const error = configError({ALLOWED_ORIGINS: 'http://localhost:3000,not a url'});
    expect(error.problems).toEqual([expect.stringMatching(/^ALLOWED_ORIGINS entry "not a url" is not an origin/)]);
  });

  it.each([
    'http://localhost:3000/app',
    'https://example.org/app/',
    'https://example.org?x=1',
    'https://example.org#top',
    'https://user:pw@example.org',
    'ws://localhost:3000',
    'file:///home/me/index.html',
    'localhost:3000',
  ])('refuses ALLOWED_ORIGINS=%j (an origin has a scheme, a host and maybe a port, nothing else)', (entry) => {
    const error = configError({ALLOWED_ORIGINS: entry});
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain('ALLOWED_ORIGINS');
    expect(error.problems[0]).toContain(entry);
  });

  it('refuses an empty ALLOWED_ORIGINS rather than silently allowing nothing', () => {
    for (const value of ['', ' ', ',', ' , ']) {
      expect(configError({ALLOWED_ORIGINS: value}).problems).toEqual([
        expect.stringMatching(/^ALLOWED_ORIGINS must list at least one origin/),
      ]);
    }
  });

  it('refuses a blank HOST, a bad TRUST_PROXY and out-of-range limits, naming each variable', () => {
    expect(configError({HOST: '  '}).problems[0]).toMatch(/^HOST /);
    expect(configError({HOST: 'local host'}).problems[0]).toMatch(/^HOST .*"local host"/);
    expect(configError({TRUST_PROXY: 'maybe'}).problems[0]).toMatch(/^TRUST_PROXY must be true or false, got "maybe"/);
    expect(configError({MAX_CONNECTIONS: '0'}).problems[0]).toMatch(/^MAX_CONNECTIONS must be a whole number/);
    expect(configError({IDLE_TIMEOUT_SECONDS: 'ten'}).problems[0]).toMatch(/^IDLE_TIMEOUT_SECONDS .*"ten"/);
  });

  it('reports several bad values together, one problem each, in one error', () => {
    const error = configError({
      PORT: 'abc',
      HOST: '',
      ALLOWED_ORIGINS: 'not a url,http://localhost:3000/path',
      TRUST_PROXY: 'perhaps',
      MAX_CONNECTIONS_PER_CLIENT: '-3',
    });
    expect(error.problems).toHaveLength(6);
    for (const variable of ['PORT', 'HOST', 'ALLOWED_ORIGINS', 'TRUST_PROXY', 'MAX_CONNECTIONS_PER_CLIENT']) {
      expect(
        error.problems.some((problem) => problem.startsWith(variable)),
        variable,
      ).toBe(true);
    }
    expect(error.problems.filter((problem) => problem.startsWith('ALLOWED_ORIGINS'))).toHaveLength(2);
    // The message lists every problem, one per line, for the operator reading stderr.
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
  });
});
