/**
 * Linked pages are still prefetched as their links come into view, in idle time rather than in one long task
 * (src/lib/idlePrefetch.ts): the home page ends up with prefetch hints for the articles it links to.
 */
import {expect, test} from '@playwright/test';

test('the home page prefetches the pages it links to, without an error', async ({page}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto('/', {waitUntil: 'networkidle'});
  const hints = page.locator('link[rel="prefetch"]');
  await expect.poll(() => hints.count()).toBeGreaterThan(10);
  expect(
    await hints.evaluateAll((links) => links.every((link) => link.getAttribute('href')?.startsWith('/assets/js/'))),
  ).toBe(true);
  expect(errors).toEqual([]);
});
