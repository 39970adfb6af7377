/**
 * The demo server's environment variables as Markdown, written from where they are defined:
 * `LIMIT_SPECS` and `DEFAULT_LIMITS` (demo-server/src/limits.ts), `SERVER_VARIABLES` and the deprecated
 * names (demo-server/src/config.ts). `npm run docs:config` (scripts/config-docs.mts) writes the result into
 * README.md, between two marker comments, and into docs/operate/_config-table.md, which the operators' page
 * imports; tests/unit/scripts/config-docs-table.test.ts fails when either differs from what it would write.
 */
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import * as prettier from 'prettier';
import {DEPRECATED_LIMIT_VARIABLES, LIMIT_KEYS, limitVariable, SERVER_VARIABLES} from '../demo-server/src/config.ts';
import {DEFAULT_LIMITS, LIMIT_SPECS, type LimitSpec, type LimitUnit} from '../demo-server/src/limits.ts';

export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));
export const PARTIAL_PATH = fileURLToPath(new URL('../docs/operate/_config-table.md', import.meta.url));

export const README_START =
  '<!-- config-table:start (written by `npm run docs:config`; edit limits.ts or config.ts) -->';
export const README_END = '<!-- config-table:end -->';

const PARTIAL_HEADER =
  '{/* Written by `npm run docs:config` (scripts/config-docs.mts) from demo-server/src/limits.ts and config.ts; re-run it rather than edit this file. */}';

const MS_UNITS: readonly [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];
const BYTE_UNITS: readonly [number, string][] = [
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

/** A value in words an operator reads at a glance: `10 min`, `64 KiB`, `10,000`. */
export function humanValue(value: number, unit: LimitUnit): string {
  const units = unit === 'ms' ? MS_UNITS : unit === 'bytes' ? BYTE_UNITS : [];
  for (const [size, name] of units) {
    if (value >= size && value % size === 0) return `${(value / size).toLocaleString('en-US')} ${name}`;
  }
  return `${value.toLocaleString('en-US')}${unit === 'ms' ? ' ms' : unit === 'bytes' ? ' B' : ''}`;
}

/** The default as it is typed (in the variable's own unit), with its value in words when they differ. */
export function defaultCell(value: number, unit: LimitUnit): string {
  const human = humanValue(value, unit);
  return human === value.toLocaleString('en-US') ? `\`${value}\`` : `\`${value}\` (${human})`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The table of every variable the server reads: its non-limit variables, then one per settable bound. */
export function variablesTable(): string {
  const lines = [row(['Variable', 'Default', 'Accepts', 'Meaning']), row(['---', '---', '---', '---'])];
  for (const variable of SERVER_VARIABLES) {
    const value = variable.default === '—' ? '—' : `\`${variable.default}\``;
    lines.push(row([`\`${variable.name}\``, value, variable.accepts, variable.doc]));
  }
  for (const key of LIMIT_KEYS) {
    const spec: LimitSpec = LIMIT_SPECS[key];
    if (spec.fixed !== undefined) continue;
    const aliases = DEPRECATED_LIMIT_VARIABLES.filter((alias) => alias.key === key).map(
      (alias) =>
        ` (formerly \`${alias.name}\`${alias.factor === 1000 ? ', in seconds' : ''}: still read, with a warning)`,
    );
    lines.push(
      row([
        `\`${limitVariable(key)}\``,
        defaultCell(DEFAULT_LIMITS[key], spec.unit),
        `${humanValue(spec.min, spec.unit)} – ${humanValue(spec.max, spec.unit)}`,
        `${spec.doc}${aliases.join('')}`,
      ]),
    );
  }
  return lines.join('\n');
}

/** The bounds no variable sets, because readers are told their numbers: where to change each, and why. */
export function fixedBoundsTable(): string {
  const lines = [
    row(['Bound in `limits.ts`', 'Value', 'Meaning', 'Not settable because']),
    row(['---', '---', '---', '---']),
  ];
  for (const key of LIMIT_KEYS) {
    const spec: LimitSpec = LIMIT_SPECS[key];
    if (spec.fixed === undefined) continue;
    lines.push(row([`\`${key}\``, defaultCell(DEFAULT_LIMITS[key], spec.unit), spec.doc, spec.fixed]));
  }
  return lines.join('\n');
}

/** Both tables with the sentence between them, as README.md and the docs partial carry them. */
export function configTables(): string {
  return [
    variablesTable(),
    'These bounds are not read from the environment: the site or the published API descriptions, both built from ' +
      'the source, tell readers their numbers or rely on them (the last column says how). To change one, change it ' +
      'in `demo-server/src/limits.ts` and deploy the site and the server built from that commit; setting its ' +
      'variable stops the server at start.',
    fixedBoundsTable(),
  ].join('\n\n');
}

/** `text` with what stands between the README markers replaced by `tables`. */
export function replaceBetweenMarkers(text: string, tables: string): string {
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md must hold the markers ${README_START} and ${README_END}, in that order`);
  }
  return `${text.slice(0, start + README_START.length)}\n\n${tables}\n\n${text.slice(end)}`;
}

async function formatted(text: string, filepath: string): Promise<string> {
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, {...options, filepath});
}

/** What README.md and the docs partial should hold, by path. */
export async function configDocs(): Promise<Record<string, string>> {
  const tables = configTables();
  const readme = replaceBetweenMarkers(await readFile(README_PATH, 'utf8'), tables);
  return {
    [README_PATH]: await formatted(readme, README_PATH),
    [PARTIAL_PATH]: await formatted(`${PARTIAL_HEADER}\n\n${tables}\n`, PARTIAL_PATH),
  };
}
