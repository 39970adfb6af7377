import {describe, expect, it} from 'vitest';
import {createLogger, LOG_LEVELS, rateLimited, type LogLevel} from '../../../demo-server/src/log.ts';

const at = () => new Date('2026-12-05T06:00:00.000Z');

/** A logger at `level` writing into an array, and that array. */
function collecting(level: LogLevel | undefined, json = true) {
  const lines: string[] = [];
  const logger = createLogger({json, level, write: (line) => lines.push(line), now: at});
  return {logger, lines};
}

function logOneOfEach(logger: ReturnType<typeof createLogger>): void {
  for (const level of LOG_LEVELS) logger[level]('event', {level});
}

describe('log levels', () => {
  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ] as const)('at %s, writes %j and drops the rest', (level, written) => {
    const {logger, lines} = collecting(level);
    logOneOfEach(logger);
    expect(lines.map((line) => (JSON.parse(line) as {level: string}).level)).toEqual(written);
  });

  it('writes info and above when no level is given', () => {
    const {logger, lines} = collecting(undefined);
    logOneOfEach(logger);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('{"time":"2026-12-05T06:00:00.000Z","level":"info","event":"event"}');
  });

  it('pads the level in text lines, debug included', () => {
    const {logger, lines} = collecting('debug', false);
    logger.debug('scrape', {bytes: 12});
    expect(lines).toEqual(['2026-12-05T06:00:00.000Z debug scrape bytes=12']);
  });

  it('filters lines the rate limit lets through, and passes debug through it', () => {
    const {logger, lines} = collecting('warn');
    let now = 0;
    const limited = rateLimited(logger, {perSecond: 2, now: () => now});
    for (let i = 0; i < 5; i += 1) limited.debug('scrape');
    for (let i = 0; i < 5; i += 1) limited.warn('refuse');
    now = 1_000;
    limited.warn('refuse');
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({event: 'refuse'}),
      expect.objectContaining({event: 'refuse'}),
      expect.objectContaining({event: 'refuse', suppressed: 3}),
    ]);
  });
});
