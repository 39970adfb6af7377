/** The operators' variables: METRICS_PORT, METRICS_HOST and LOG_LEVEL. */
import {describe, expect, it} from 'vitest';
import {ConfigError, loadConfig, type Env} from '../../../demo-server/src/config.ts';

function problemsOf(env: Env): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

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
