/** The table of the demo server's variables is written from limits.ts and config.ts, and the committed copies match it. */
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {
  DEPRECATED_LIMIT_VARIABLES,
  LIMIT_KEYS,
  limitVariable,
  SERVER_VARIABLES,
} from '../../../demo-server/src/config.ts';
import {LIMIT_SPECS, type LimitSpec} from '../../../demo-server/src/limits.ts';
import {
  configDocs,
  defaultCell,
  fixedBoundsTable,
  humanValue,
  replaceBetweenMarkers,
  README_END,
  README_START,
  variablesTable,
} from '../../../scripts/config-docs-table.mts';

describe('the committed tables', () => {
  it('are what `npm run docs:config` writes (run it after changing limits.ts or config.ts)', async () => {
    for (const [path, expected] of Object.entries(await configDocs())) {
      expect(await readFile(path, 'utf8'), path).toBe(expected);
    }
  });

  it('document every variable config.ts reads by name', async () => {
    const source = await readFile(new URL('../../../demo-server/src/config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]));
    expect(read.size).toBeGreaterThan(0);
    const documented = SERVER_VARIABLES.map((variable) => variable.name);
    expect([...read].filter((name) => name !== undefined && !documented.includes(name))).toEqual([]);
  });
});

describe('variablesTable', () => {
  const table = variablesTable();
  const settable = LIMIT_KEYS.filter((key) => (LIMIT_SPECS[key] as LimitSpec).fixed === undefined);

  it('has a row for each non-limit variable and each settable bound, and none for the fixed ones', () => {
    const rows = table.split('\n').slice(2);
    expect(rows.map((line) => /^\| `([A-Z0-9_]+)`/.exec(line)?.[1])).toEqual([
      ...SERVER_VARIABLES.map((variable) => variable.name),
      ...settable.map(limitVariable),
    ]);
  });

  it('gives each bound its default as typed, its range in words, and its old name', () => {
    expect(table).toContain(
      '| `IDLE_TIMEOUT_MS` | `600000` (10 min) | 1 s – 1 d | A WebSocket that carries no message for this long is closed with code 4000 (formerly `IDLE_TIMEOUT_SECONDS`, in seconds: still read, with a warning) |',
    );
    expect(table).toContain('| `MAX_STREAMS` | `10000` | 1 – 1,000,000 |');
    for (const alias of DEPRECATED_LIMIT_VARIABLES) expect(table).toContain(`formerly \`${alias.name}\``);
  });

  it('lists the fixed bounds apart, with why', () => {
    expect(fixedBoundsTable()).toContain(
      '| `echoMaxMessageBytes` | `65536` (64 KiB) | Largest message on `/ws/echo`; larger closes with 1009 | it mirrors `MESSAGE_LIMITS`',
    );
  });
});

describe('values in words', () => {
  it.each([
    [600_000, 'ms', '10 min'],
    [86_400_000, 'ms', '1 d'],
    [4_500, 'ms', '4,500 ms'],
    [1_000, 'ms', '1 s'],
    [393_216, 'bytes', '384 KiB'],
    [1024 ** 3, 'bytes', '1 GiB'],
    [512, 'bytes', '512 B'],
    [1_000_000, 'count', '1,000,000'],
  ] as const)('%d %s is %s', (value, unit, words) => {
    expect(humanValue(value, unit)).toBe(words);
  });

  it('shows the default as typed, with words only when they differ', () => {
    expect(defaultCell(10_000, 'count')).toBe('`10000`');
    expect(defaultCell(30_000, 'ms')).toBe('`30000` (30 s)');
  });
});

describe('replaceBetweenMarkers', () => {
  it('replaces what is between the markers and nothing else', () => {
    const text = `before\n${README_START}\nold table\n${README_END}\nafter\n`;
    expect(replaceBetweenMarkers(text, 'new table')).toBe(
      `before\n${README_START}\n\nnew table\n\n${README_END}\nafter\n`,
    );
  });

  it('refuses a README without its markers', () => {
    expect(() => replaceBetweenMarkers('no markers', 'table')).toThrow(/must hold the markers/);
  });
});
