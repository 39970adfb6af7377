/**
 * Each page's HTML names the script chunks its route needs (scripts/routeChunks/plugin.ts), so the browser fetches
 * them while it parses the page; main.js never has to discover them and append script elements itself.
 */
import {expect, test} from '@playwright/test';
import {E2E_SITE_URL} from './ports.ts';
import {demoPagePaths, sitemapPaths} from './sitemap.ts';

/** What the test of pages without demos may take per page. */
const PER_PAGE_TIMEOUT_MS = 3_000;

/** The `src` of every script element in a page's HTML as served. */
async function scriptsInHtml(path: string): Promise<string[]> {
  const response = await fetch(`${E2E_SITE_URL}${path}`);
  expect(response.ok, `${path} answers 200`).toBe(true);
  const html = await response.text();
  // The built HTML is minified: attribute quotes are dropped where they can be.
  return [...html.matchAll(/<script [^>]*\bsrc="?([^"\s>]+)/g)].map((match) => match[1]!);
}

test('every page of the sitemap lists its route chunks after runtime~main and main', async () => {
  for (const path of await sitemapPaths()) {
    const scripts = await scriptsInHtml(path);
    expect(scripts.slice(0, 2), path).toEqual([
      expect.stringMatching(/^\/assets\/js\/runtime~main\.[0-9a-f]+\.js$/),
      expect.stringMatching(/^\/assets\/js\/main\.[0-9a-f]+\.js$/),
    ]);
    // At least the route's component and its content: a doc page has a dozen, the blog index three.
    expect(scripts.length, `${path} names its route chunks`).toBeGreaterThanOrEqual(4);
    expect(new Set(scripts).size, `${path} names each script once`).toBe(scripts.length);
  }
});

test('a page without demos needs no script beyond the ones its HTML names', async ({page}) => {
  const demoPages = new Set(await demoPagePaths());
  const plainPages = (await sitemapPaths()).filter((path) => !demoPages.has(path));
  expect(plainPages.length).toBeGreaterThan(5);
  // The time this test may take grows with the site: all of them took 13 s in a clean-clone CI run on a quiet
  // machine, and more than 30 s at a load average of 16.
  test.setTimeout(PER_PAGE_TIMEOUT_MS * plainPages.length);
  // The chunk loader marks each script element it creates with `data-rspack` (`data-webpack` under webpack).
  await page.addInitScript(() => {
    const injected: string[] = [];
    Object.assign(window, {injectedScripts: injected});
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLScriptElement && (node.dataset.rspack ?? node.dataset.webpack) !== undefined)
            injected.push(node.src);
    }).observe(document, {childList: true, subtree: true});
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  for (const path of plainPages) {
    await page.goto(path);
    await expect(page.locator('html[data-has-hydrated="true"]'), `${path} hydrates`).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as {injectedScripts: string[]}).injectedScripts), path).toEqual(
      [],
    );
  }
  expect(errors).toEqual([]);
});
