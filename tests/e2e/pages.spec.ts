/**
 * The site's pages as a whole. That every page loads with no console error, no page error and no request to
 * another host is checked in accessibility.spec.ts, in the same visit as axe's scan of it.
 */
import {expect, test} from '@playwright/test';
import {sitemapPaths} from './sitemap.ts';

test('the sitemap lists the pages a reader needs', async () => {
  const paths = await sitemapPaths();
  expect(paths).toEqual(
    expect.arrayContaining([
      '/',
      '/docs/intro',
      '/docs/websocket/opening-handshake',
      '/docs/websocket/frames-and-masking',
      '/blog',
    ]),
  );
});

test('pages without a demo open no WebSocket', async ({page}) => {
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.goto('/', {waitUntil: 'networkidle'});
  await page.goto('/docs/intro', {waitUntil: 'networkidle'});
  expect(sockets).toEqual([]);
});

test('dark mode applies to the demo', async ({page}) => {
  await page.emulateMedia({colorScheme: 'dark'});
  await page.goto('/docs/websocket/opening-handshake');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const demo = page.getByRole('region', {name: 'Handshake Inspector'});
  await expect(demo.getByTestId('accept-verdict')).toBeVisible();
  const colours = await demo.evaluate((element) => {
    const style = getComputedStyle(element);
    return {background: style.backgroundColor, text: getComputedStyle(document.body).color};
  });
  // A dark surface under light text, not the light theme's white.
  expect(colours.background).not.toBe('rgb(255, 255, 255)');
});
