/**
 * The HTTP articles that state measured figures write them from a JSON file beside them, written by a benchmark
 * (`npm run bench:streaming`, `bench:timing`, `bench:compression`, `bench:redirects`). Every `{measured.…}` an
 * article puts in a sentence or a table must name a written figure in the file it imports, so that renaming a figure
 * in a benchmark cannot leave a blank in a sentence; and no figure may sit in inline code, where MDX prints the
 * braces as they are.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {compile} from '@mdx-js/mdx';
import remarkGfm from 'remark-gfm';
import {describe, expect, it} from 'vitest';

const folder = fileURLToPath(new URL('../../../docs/http/', import.meta.url));
const IMPORT = /^import measured from '\.\/(_[\w-]+\.json)';$/m;

/** The value at a dotted path, or undefined. */
function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      value,
    );
}

const articles = readdirSync(folder)
  .filter((name) => name.endsWith('.mdx'))
  .map((name) => ({name, text: readFileSync(`${folder}${name}`, 'utf8')}));
const measuring = articles.flatMap(({name, text}) => {
  const file = IMPORT.exec(text)?.[1];
  return file === undefined
    ? []
    : [{name, text, measured: JSON.parse(readFileSync(`${folder}${file}`, 'utf8')) as unknown}];
});
const uses = measuring.flatMap(({name, text, measured}) =>
  [...text.matchAll(/\bmeasured\.([\w.]*\w)/g)].map((match) => ({article: name, path: match[1] ?? '', measured})),
);

describe('the measured figures the HTTP articles use', () => {
  it('the articles with benchmarked figures import their generated file', () => {
    expect(measuring.map(({name}) => name).sort()).toEqual([
      'compression.mdx',
      'redirects.mdx',
      'streaming-responses.mdx',
      'timing.mdx',
    ]);
  });

  it.each(uses.map((use) => [use.article, use.path, use.measured] as const))(
    '%s: measured.%s is a written figure',
    (_, path, measured) => {
      const value = at(measured, path);
      expect(['string', 'number']).toContain(typeof value);
      expect(String(value).trim()).not.toBe('');
      // An expression's string is text, not Markdown: a backtick in it would show as one.
      expect(String(value)).not.toContain('`');
    },
  );

  it.each(measuring.map(({name, text}) => [name, text] as const))(
    '%s puts no figure in inline code',
    async (_, text) => {
      // Inside `…` MDX prints `{measured.x}` as it is; compiled, a figure is an expression (or `${…}` in a template).
      const compiled = String(await compile(text, {remarkPlugins: [remarkGfm]}));
      expect(compiled).not.toMatch(/(?<!\$)\{measured\./);
    },
  );
});
