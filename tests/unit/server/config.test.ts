import {describe, expect, it} from 'vitest';
import {ConfigError, loadConfig} from '../../../demo-server/src/config.ts';
import {PRODUCTION_SITE_URL} from '../../../demo-server/src/contract/deployment.ts';
import {DEFAULT_LIMITS} from '../../../demo-server/src/limits.ts';

function problemsOf(env: Record<string, string>): string[] {
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
      HANDSHAKES_PER_MINUTE: '10',
      IDLE_TIMEOUT_SECONDS: '60',
      HEARTBEAT_INTERVAL_SECONDS: '15',
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
    ['IDLE_TIMEOUT_SECONDS', 'ten', /IDLE_TIMEOUT_SECONDS must be a whole number/],
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
