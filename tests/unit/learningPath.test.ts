/**
 * "Start here" (docs/intro.mdx) walks a reader through every article, so an article it does not link is one a
 * reader following the path never meets. Every article under docs/ is linked from it, except the operators' pages
 * (docs/operate/), which are not part of the learning path, and partials (`_name.md`), which are not pages.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

const docs = join(import.meta.dirname, '..', '..', 'docs');
const intro = readFileSync(join(docs, 'intro.mdx'), 'utf8');

/** The articles of the learning path: docs/**\/*.md(x), as paths relative to docs/. */
function articles(): string[] {
  return readdirSync(docs, {recursive: true, encoding: 'utf8'})
    .filter((file) => /\.mdx?$/.test(file) && !file.split('/').some((part) => part.startsWith('_')))
    .filter((file) => file !== 'intro.mdx' && !file.startsWith('operate/'))
    .sort();
}

describe('Start here (docs/intro.mdx)', () => {
  const linked = new Set([...intro.matchAll(/\]\(\.\/([^)#]+\.mdx?)(?:#[^)]*)?\)/g)].map((match) => match[1]!));

  it('finds the articles', () => {
    expect(articles().length).toBeGreaterThan(20);
  });

  it.each(articles())('links %s', (article) => {
    expect(linked.has(article)).toBe(true);
  });
});
