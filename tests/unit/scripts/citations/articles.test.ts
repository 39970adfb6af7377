import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {articleFiles, checkCitations, loadSources} from '../../../../scripts/citations/check.mts';

// Every citation of an RFC section and every WHATWG link in the articles and posts, checked against the
// committed indexes (how to cite so this passes: CONTRIBUTING.md, "Add an article").
const root = join(import.meta.dirname, '../../../..');
const sources = loadSources();
const files = articleFiles(root, ['docs', 'blog']);

describe('citations in docs/ and blog/', () => {
  it('finds the articles', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('cite sections that exist, with anchors and names that agree', () => {
    const failures = files.flatMap((file) => checkCitations(file, readFileSync(join(root, file), 'utf8'), sources));
    expect(failures.map(({file, line, message}) => `${file}:${line}: ${message}`)).toEqual([]);
  });
});
