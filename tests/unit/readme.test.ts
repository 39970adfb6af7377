/**
 * The README's tables that copy something the code says once. Its table of what the demo server serves ("What it
 * serves", under "The demo server") names every path of `ENDPOINTS`, and names nothing the server does not serve:
 * a route added without its row, or a row left behind by a route removed, fails here.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The first cells of the Markdown table whose header row begins with `| <header> |`. */
function firstCells(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\|\\s*${header}\\s*\\|`).test(line));
  if (start === -1) return [];
  const rows: string[] = [];
  // After the header and its |---| line, until the first line that is not a row.
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|')[1]!.trim());
  }
  return rows;
}

/**
 * The paths a cell names, each code span as a path: `GET /hold?ms=` → `/hold`, `/api/…` → `/api`,
 * `/files/{name}` → `/files/{name}`.
 */
function pathsIn(cell: string): string[] {
  return [...cell.matchAll(/`(?:[A-Z]+ )?(\/[^`?…]*)[^`]*`/g)].map((match) => match[1]!.replace(/(.)\/$/, '$1'));
}

/** Whether `path` is `endpoint` or under it. */
const isUnder = (path: string, endpoint: string) => path === endpoint || path.startsWith(`${endpoint}/`);

describe('README: what the demo server serves', () => {
  const documented = firstCells(readme, 'Endpoint').flatMap(pathsIn);

  it('is a table the test can read', () => {
    expect(documented.length).toBeGreaterThan(10);
  });

  it.each(Object.entries(ENDPOINTS))('has a row for ENDPOINTS.%s (%s)', (_name, endpoint) => {
    expect(documented.some((path) => isUnder(path, endpoint))).toBe(true);
  });

  it('names no path the server does not serve', () => {
    const served = ['/', ...Object.values(ENDPOINTS)];
    expect(documented.filter((path) => !served.some((endpoint) => isUnder(path, endpoint)))).toEqual([]);
  });
});
