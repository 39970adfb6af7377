/**
 * The "When it breaks" articles write their measured figures from docs/when-it-breaks/_measured.json (written by
 * `npm run bench:when-it-breaks`). Every `{measured.…}` an article puts in a sentence must name a non-empty string
 * in that file, so that renaming a figure in the benchmark cannot leave a blank in a sentence.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const folder = fileURLToPath(new URL('../../../docs/when-it-breaks/', import.meta.url));
const measured: unknown = JSON.parse(readFileSync(`${folder}_measured.json`, 'utf8'));
const articles = readdirSync(folder).filter((name) => name.endsWith('.mdx'));

/** The value at a dotted path, or undefined. */
function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      value,
    );
}

const uses = articles.flatMap((name) => {
  const text = readFileSync(`${folder}${name}`, 'utf8');
  return [...text.matchAll(/\{measured\.([\w.]+)\}/g)].map((match) => ({article: name, path: match[1] ?? ''}));
});

describe('the measured figures the "When it breaks" articles use', () => {
  it('the articles that use figures import the generated file', () => {
    const using = new Set(uses.map((use) => use.article));
    expect([...using].sort()).toEqual(['eventsource-failures.mdx', 'liveness.mdx']);
    for (const article of using) {
      expect(readFileSync(`${folder}${article}`, 'utf8')).toContain("import measured from './_measured.json';");
    }
  });

  it.each(uses.map((use) => [use.article, use.path] as const))('%s: measured.%s is a written figure', (_, path) => {
    const value = at(measured, path);
    expect(typeof value).toBe('string');
    expect(String(value).trim()).not.toBe('');
  });

  it('the figures were measured in more than one run, and Chromium’s closing timeout once', () => {
    expect(at(measured, 'runs')).toBeGreaterThan(1);
    expect(at(measured, 'liveness.closingTimeout.samples')).toHaveLength(1);
  });
});
