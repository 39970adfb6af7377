/**
 * Every page of the sitemap, with its demos live, in light and in dark mode, checked by axe-core against WCAG 2.2
 * A and AA, and watched while it loads and is scanned: no console error, no page error, no request to another
 * host, and no Intl formatter built while it loads (the first costs tens of milliseconds of main thread). The pages with demos are checked again with the demo server stopped in accessibility.offline.spec.ts (the
 * offline project, which runs after this one).
 */
import {expect, test} from '@playwright/test';
import {COLOUR_MODES, scanPages} from './accessibility.ts';
import {searchBox, typeUniqueWord, UNIQUE_WORD, waitForSearchPageResults} from './search.ts';
import {sitemapPaths} from './sitemap.ts';

// The failure lists every violation with its page, mode, rule and elements; a trace of some ninety axe runs, each
// carrying axe-core's source, would add half again to the test's time and show nothing more.
test.use({trace: 'off'});

test('every page of the sitemap, demos live, in light and dark mode: no axe violation of WCAG 2.2 A or AA, no console or page error, no request to another host', async ({
  browser,
}) => {
  // About two minutes on a quiet machine; seven and a half were measured at a load average of 17 on two cores.
  test.setTimeout(600_000);
  const paths = await sitemapPaths();
  const violations = await Promise.all(COLOUR_MODES.map((mode) => scanPages(browser, mode, paths, 'live')));
  expect(violations.flat(), 'axe violations and page errors, page by page').toEqual([]);
});

// The sitemap leaves out the search page, and search results exist only once a reader has asked for them: both are
// checked here as a reader sees them with results, the page at /search?q=… and the navbar's dropdown over an article.
test('search, in light and dark mode: the search page with results and the search dropdown open over an article have no axe violation of WCAG 2.2 A or AA, no console or page error, no request to another host', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const violations = await Promise.all(
    COLOUR_MODES.flatMap((mode) => [
      scanPages(browser, mode, [`/search?q=${UNIQUE_WORD}`], 'live', undefined, waitForSearchPageResults),
      scanPages(browser, mode, ['/docs/intro'], 'live', undefined, async (page) => {
        await searchBox(page).focus();
        await typeUniqueWord(page);
      }),
    ]),
  );
  expect(violations.flat(), 'axe violations and page errors, page by page').toEqual([]);
});
