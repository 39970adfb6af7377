import {expect} from '@playwright/test';
import {E2E_SITE_URL} from './ports.ts';

/** Every page the sitemap lists, as a path on the site under test. */
export async function sitemapPaths(): Promise<string[]> {
  const response = await fetch(`${E2E_SITE_URL}/sitemap.xml`);
  expect(response.ok).toBe(true);
  const xml = await response.text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
}

/**
 * The pages of the sitemap that embed a live demo: their server-rendered HTML holds a demo's placeholder (the
 * `aria-busy` section `DemoLoading` renders until the demo's code runs in the browser).
 */
export async function demoPagePaths(): Promise<string[]> {
  const paths = await sitemapPaths();
  const pages = await Promise.all(
    paths.map(async (path) => {
      const response = await fetch(`${E2E_SITE_URL}${path}`);
      expect(response.ok, `${path} answers 200`).toBe(true);
      // The built HTML is minified: attribute quotes are dropped where they can be.
      return /<section [^>]*aria-busy="?true/.test(await response.text()) ? path : null;
    }),
  );
  return pages.filter((path) => path !== null);
}
