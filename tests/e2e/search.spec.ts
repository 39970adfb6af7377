/**
 * Local search, as a reader uses it in the production build: the index is fetched from this site only once the
 * reader turns to the search box, a word found in one article leads there with the keyboard alone, on a desktop
 * and on a 360 px phone, and the search page lists it. No request leaves for another host.
 */
import {expect, test, type Page} from '@playwright/test';
import {
  builtPagesContaining,
  indexEntriesContaining,
  searchBox,
  suggestions,
  typeUniqueWord,
  UNIQUE_WORD,
  UNIQUE_WORD_ARTICLE,
  UNIQUE_WORD_ARTICLE_TITLE,
  waitForSearchPageResults,
} from './search.ts';
import {sitemapPaths} from './sitemap.ts';

/** The hosts of the site and the demo server under test. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/** Records, from now on, the requests of `page` (and its workers) for the search index and to any other host. */
function watchRequests(page: Page): {indexFetches: string[]; otherHosts: string[]} {
  const watched = {indexFetches: [] as string[], otherHosts: [] as string[]};
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^\/search-index[^/]*\.json$/.test(url.pathname)) watched.indexFetches.push(url.pathname);
    if (/^(https?|wss?):$/.test(url.protocol) && !LOCAL_HOSTS.has(url.hostname)) watched.otherHosts.push(url.href);
  });
  return watched;
}

/** Expects the page to be the article that contains `UNIQUE_WORD`, scrolled to a section that names it. */
async function expectUniqueWordArticle(page: Page): Promise<void> {
  await expect(page).toHaveURL((url) => url.pathname === UNIQUE_WORD_ARTICLE);
  await expect(page.getByRole('main').getByRole('heading', {level: 1})).toHaveText(UNIQUE_WORD_ARTICLE_TITLE);
  await expect(page.getByRole('main').getByText(UNIQUE_WORD).first()).toBeAttached();
}

test(`"${UNIQUE_WORD}" is in one article only: in the search index and in the built pages`, async () => {
  const {urls} = await indexEntriesContaining(UNIQUE_WORD);
  expect(urls.length, 'entries of the index contain the word').toBeGreaterThan(0);
  expect(new Set(urls), 'pages of the index whose entries contain the word').toEqual(new Set([UNIQUE_WORD_ARTICLE]));
  expect(await builtPagesContaining(UNIQUE_WORD), 'built pages that contain the word').toEqual([
    `${UNIQUE_WORD_ARTICLE.slice(1)}.html`,
  ]);
});

test('the sitemap does not list the search page', async () => {
  const paths = await sitemapPaths();
  expect(paths.filter((path) => path.startsWith('/search'))).toEqual([]);
});

test('keyboard alone, on a desktop: the index is fetched once the search box has focus, and a word found in one article leads there', async ({
  page,
}) => {
  const watched = watchRequests(page);
  await page.goto('/', {waitUntil: 'networkidle'});
  expect(watched.indexFetches, 'index requests after the page loaded').toEqual([]);

  // Tab through the page's first links to the search box: none of them fetches the index, the box does.
  let tabs = 0;
  while (!(await searchBox(page).evaluate((box) => box === document.activeElement))) {
    expect(watched.indexFetches, `index requests after ${tabs} presses of Tab`).toEqual([]);
    expect(tabs, 'presses of Tab to reach the search box').toBeLessThan(10);
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  await expect.poll(() => watched.indexFetches.length, 'index requests once the search box has focus').toBe(1);

  await typeUniqueWord(page);
  const results = suggestions(page);
  const count = await results.count();
  for (let i = 0; i < count; i += 1) {
    await expect(results.nth(i), `result ${i + 1} is in the article`).toContainText(UNIQUE_WORD_ARTICLE_TITLE);
  }
  // The search page, for more results, at an address that exists outside the app as well (a new tab, a copied link).
  await expect(page.locator('nav.navbar').getByRole('link', {name: 'See all results'})).toHaveAttribute(
    'href',
    `/search?q=${UNIQUE_WORD}`,
  );
  // The first result is selected as the results appear; the arrow keys move through them.
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  if (count > 1) {
    await page.keyboard.press('ArrowDown');
    await expect(results.nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowUp');
    await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  }
  await page.keyboard.press('Enter');
  await expectUniqueWordArticle(page);
  expect(watched.indexFetches, 'index requests in all').toHaveLength(1);
  expect(watched.otherHosts, 'requests to another host').toEqual([]);
});

test('on a 360 px phone: the navbar fits with the search box closed and open, and the word leads to its article', async ({
  browser,
}) => {
  const context = await browser.newContext({viewport: {width: 360, height: 740}, isMobile: true, hasTouch: true});
  try {
    const page = await context.newPage();
    const watched = watchRequests(page);
    await page.goto('/docs/intro', {waitUntil: 'networkidle'});
    const width = () =>
      page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        navbar: document.querySelector('nav.navbar')?.scrollWidth,
      }));
    expect(await width(), 'widths with the search box closed').toEqual({page: 360, navbar: 360});
    expect(watched.indexFetches, 'index requests after the page loaded').toEqual([]);

    await searchBox(page).tap();
    await expect.poll(() => watched.indexFetches.length, 'index requests once the search box was tapped').toBe(1);
    await typeUniqueWord(page);
    expect(await width(), 'widths with the search box open').toEqual({page: 360, navbar: 360});
    const dropdown = await page.locator('nav.navbar').getByRole('listbox').boundingBox();
    expect(dropdown, 'the dropdown is shown').not.toBeNull();
    expect(dropdown!.x, 'the dropdown starts inside the screen').toBeGreaterThanOrEqual(0);
    expect(dropdown!.x + dropdown!.width, 'the dropdown ends inside the screen').toBeLessThanOrEqual(360);

    await page.keyboard.press('Enter');
    await expectUniqueWordArticle(page);
    expect(watched.otherHosts, 'requests to another host').toEqual([]);
  } finally {
    await context.close();
  }
});

test('the search page lists the article for the word, and its result leads there by keyboard', async ({page}) => {
  const watched = watchRequests(page);
  await page.goto(`/search?q=${UNIQUE_WORD}`);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', {level: 1})).toHaveText(`Search results for "${UNIQUE_WORD}"`);
  await waitForSearchPageResults(page);
  await expect(main.getByRole('status')).toHaveText(/^\d+ documents? found$/);
  const links = main.getByRole('article').getByRole('link');
  const hrefs = await links.evaluateAll((elements) => elements.map((link) => link.getAttribute('href')));
  expect(hrefs.length, 'results').toBeGreaterThan(0);
  for (const href of hrefs) expect(href?.split('#')[0], 'a result is in the article').toBe(UNIQUE_WORD_ARTICLE);

  await links.first().focus();
  await page.keyboard.press('Enter');
  await expectUniqueWordArticle(page);
  expect(watched.indexFetches, 'index requests').toHaveLength(1);
  expect(watched.otherHosts, 'requests to another host').toEqual([]);
});
