import {expect} from '@playwright/test';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {BUILD_DIRS} from '../../scripts/siteFolders.mts';
import {E2E_SITE_URL} from './ports.ts';

/** The paths a sitemap lists. */
function locPaths(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
}

/** Every page the sitemap lists, as a path on the site under test. */
export async function sitemapPaths(): Promise<string[]> {
  const response = await fetch(`${E2E_SITE_URL}/sitemap.xml`);
  expect(response.ok).toBe(true);
  return locPaths(await response.text());
}

/**
 * Every page the sitemap of the build under test lists, read from the build's folder: for a spec that makes a test
 * per page, since Playwright collects tests before it starts the site that serves the sitemap.
 */
export function builtSitemapPaths(): string[] {
  return locPaths(readBuilt('sitemap.xml'));
}

/** The pages of the sitemap that embed a live demo, as demoPagePaths() finds them, from the build's folder. */
export function builtDemoPagePaths(): string[] {
  // With `trailingSlash: false`, Docusaurus writes /docs/intro as docs/intro.html and / as index.html.
  return builtSitemapPaths().filter((path) =>
    hasDemo(readBuilt(path === '/' ? 'index.html' : `${path.slice(1)}.html`)),
  );
}

/** A file of the build under test (`npm run build:e2e`), as text. */
function readBuilt(name: string): string {
  const file = join(__dirname, '..', '..', BUILD_DIRS.e2e, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build:e2e first`);
  return readFileSync(file, 'utf8');
}

/** Whether a page's server-rendered HTML holds a demo's placeholder (minified: quotes dropped where they can be). */
function hasDemo(html: string): boolean {
  return /<section [^>]*aria-busy="?true/.test(html);
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
      return hasDemo(await response.text()) ? path : null;
    }),
  );
  return pages.filter((path) => path !== null);
}

/**
 * `paths` dealt into groups of at most `size`, as cards are dealt: group i holds paths i, i + g, i + 2g… of g groups.
 * The sitemap lists a section's pages together, and the pages with demos cost the most, so dealing them out keeps the
 * groups alike in what they cost. A new page joins a group, and a new group begins every `size` pages.
 */
export function dealt(paths: readonly string[], size: number): string[][] {
  const groups = Math.ceil(paths.length / size);
  return Array.from({length: groups}, (_, group) => paths.filter((_path, index) => index % groups === group));
}
