/**
 * What the end-to-end tests of search share: the word they search for, where the search box and its results are,
 * and how to bring up results in the navbar's dropdown and on the search page.
 */
import {expect, test, type Locator, type Page} from '@playwright/test';
import {readdir, readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';

/**
 * A word one article alone contains: the Rust WebSocket library tungstenite, named only in "Subprotocols and
 * extensions" (in its prose and its references). `tests/e2e/search.spec.ts` checks that this is still so in the
 * build under test, in the search index and in the pages themselves, before it relies on it.
 */
export const UNIQUE_WORD = 'tungstenite';
/** The article that contains `UNIQUE_WORD`. */
export const UNIQUE_WORD_ARTICLE = '/docs/websocket/subprotocols-and-extensions';
/** The article's main heading. */
export const UNIQUE_WORD_ARTICLE_TITLE = 'Subprotocols and extensions';
/** The build the end-to-end tests serve (`npm run build:e2e`), next to the Playwright config; call it in a test. */
function e2eBuildDir(): string {
  const {configFile} = test.info().config;
  expect(configFile, 'the Playwright config file').toBeDefined();
  return join(dirname(configFile!), 'build-e2e');
}
/** The search index, as the plugin names it with `hashed: 'filename'`: `search-index-<hash>.json` at the root. */
export const SEARCH_INDEX_FILE = /^search-index-[0-9a-f]+\.json$/;

/** The search box in the navbar (a plain text box until the index has loaded, a combobox after). */
export function searchBox(page: Page): Locator {
  return page.locator('nav.navbar').getByLabel('Search', {exact: true});
}

/** The results the navbar's search box lists under itself. */
export function suggestions(page: Page): Locator {
  return page.locator('nav.navbar').getByRole('listbox').getByRole('option');
}

/** Types `UNIQUE_WORD` into the focused search box and waits for its results. */
export async function typeUniqueWord(page: Page): Promise<void> {
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type(UNIQUE_WORD);
  await expect(suggestions(page).first(), `the dropdown lists results for "${UNIQUE_WORD}"`).toBeVisible();
}

/** On the search page (`/search?q=UNIQUE_WORD`), waits until its results are shown. */
export async function waitForSearchPageResults(page: Page): Promise<void> {
  await expect(page.getByRole('main').getByRole('article').first(), 'the search page lists results').toBeVisible();
}

/** The path of the search index in the build under test, and the entries of it whose text contains `word`. */
export async function indexEntriesContaining(word: string): Promise<{indexPath: string; urls: string[]}> {
  const buildDir = e2eBuildDir();
  const names = (await readdir(buildDir)).filter((name) => SEARCH_INDEX_FILE.test(name));
  expect(names, `one search index in ${buildDir}`).toHaveLength(1);
  const indexPath = `/${names[0]!}`;
  // One list of entries per kind (titles, headings, descriptions, keywords, paragraphs); `t` is an entry's text,
  // `u` the page it is on.
  const kinds = JSON.parse(await readFile(join(buildDir, indexPath), 'utf8')) as unknown;
  expect(Array.isArray(kinds), 'the index is a list of lists of entries').toBe(true);
  const urls: string[] = [];
  for (const kind of kinds as {documents?: unknown}[]) {
    expect(Array.isArray(kind.documents), 'each list holds entries').toBe(true);
    for (const entry of kind.documents as {t?: unknown; u?: unknown}[]) {
      expect(typeof entry.t === 'string' && typeof entry.u === 'string', 'an entry has text and a page').toBe(true);
      if ((entry.t as string).toLowerCase().includes(word)) urls.push(entry.u as string);
    }
  }
  return {indexPath, urls};
}

/** The built HTML pages (paths relative to the build) whose text contains `word`. */
export async function builtPagesContaining(word: string): Promise<string[]> {
  const buildDir = e2eBuildDir();
  const files = await readdir(buildDir, {recursive: true});
  const pages = files.filter((file) => file.endsWith('.html'));
  const found = await Promise.all(
    pages.map(async (file) =>
      (await readFile(join(buildDir, file), 'utf8')).toLowerCase().includes(word) ? file : null,
    ),
  );
  return found.filter((file) => file !== null);
}
