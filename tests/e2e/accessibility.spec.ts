/**
 * Every page of the sitemap, with its demos live, in light and in dark mode, checked by axe-core against WCAG 2.2
 * A and AA, and watched while it loads and is scanned: no console error, no page error, no request to another
 * host, no Intl formatter built while it loads (the first costs tens of milliseconds of main thread), and, on a page
 * without demos, no script loaded beyond the route chunks its HTML names (routeChunks.spec.ts checks the HTML). The
 * pages with demos are checked again with the demo server stopped in accessibility.offline.spec.ts.
 */
import {expect, test} from '@playwright/test';
import {
  byFirstMode,
  PAGES_PER_TEST,
  scanPages,
  scanPagesIn,
  testWithModeContexts,
  TIMEOUT_PER_PAGE_MS,
} from './accessibility.ts';
import {searchBox, typeUniqueWord, UNIQUE_WORD, waitForSearchPageResults} from './search.ts';
import {builtSitemapPaths, dealt, sitemapPaths} from './sitemap.ts';

// The failure lists every violation with its page, mode, rule and elements; a trace of some ninety axe runs, each
// carrying axe-core's source, would add half again to the test's time and show nothing more.
test.use({trace: 'off'});

// A test per few pages, so the time a test may take does not grow with the site, and the tests spread over the workers
// there are (the tests of this file run in parallel; playwright.config.ts says how many workers). A test's pages are
// dealt to two browser pages side by side, one opening them in light mode and one in dark, each then switching its
// page to the other mode (scanPagesIn): every page is scanned in both modes, half the site is loaded in each, and a
// page pays for one load and its demos for one connection instead of two.
const PAGES = builtSitemapPaths();

test.describe('every page of the sitemap, demos live, in light and dark mode', () => {
  test.describe.configure({mode: 'parallel'});

  test('the build under test serves the sitemap the tests were made from', async () => {
    expect(await sitemapPaths()).toEqual(PAGES);
  });

  for (const paths of dealt(PAGES, PAGES_PER_TEST)) {
    testWithModeContexts(
      `${paths.join(', ')}: no axe violation of WCAG 2.2 A or AA, no console or page error, no request to another host`,
      async ({modeContexts}) => {
        test.setTimeout(TIMEOUT_PER_PAGE_MS * paths.length);
        const violations = await Promise.all(
          byFirstMode(paths).map(([mode, opened]) => scanPagesIn(modeContexts[mode], mode, opened, 'live')),
        );
        expect(violations.flat(), 'axe violations and page errors, page by page and colour mode').toEqual([]);
      },
    );
  }
});

// The sitemap leaves out the search page, and search results exist only once a reader has asked for them: both are
// checked here as a reader sees them with results, the page at /search?q=… and the navbar's dropdown over an article.
test('search, in light and dark mode: the search page with results and the search dropdown open over an article have no axe violation of WCAG 2.2 A or AA, no console or page error, no request to another host', async ({
  browser,
}) => {
  // Two pages side by side, each scanned in both modes, as a test of the sitemap checks them.
  test.setTimeout(TIMEOUT_PER_PAGE_MS * 2);
  const violations = await Promise.all([
    scanPages(browser, [`/search?q=${UNIQUE_WORD}`], 'live', undefined, waitForSearchPageResults),
    scanPages(browser, ['/docs/intro'], 'live', undefined, async (page) => {
      await searchBox(page).focus();
      await typeUniqueWord(page);
    }),
  ]);
  expect(violations.flat(), 'axe violations and page errors, page by page').toEqual([]);
});
