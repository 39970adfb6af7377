import {expect} from '@playwright/test';
import {E2E_SITE_URL} from './ports.ts';

/** Every page the sitemap lists, as a path on the site under test. */
export async function sitemapPaths(): Promise<string[]> {
  const response = await fetch(`${E2E_SITE_URL}/sitemap.xml`);
  expect(response.ok).toBe(true);
  const xml = await response.text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
}
