/**
 * Each page's HTML names the script chunks its route needs (scripts/routeChunks/plugin.ts), so the browser fetches
 * them while it parses the page; main.js never has to discover them and append script elements itself. That a page
 * without demos loads no script beyond those is checked in the browser by accessibility.spec.ts, on the visit it makes
 * to every page of the sitemap (tests/e2e/accessibility.ts, `recordInjectedScripts`): a visit here as well cost
 * 38 s of a CI run.
 */
import {expect, test} from '@playwright/test';
import {E2E_SITE_URL} from './ports.ts';
import {sitemapPaths} from './sitemap.ts';

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
