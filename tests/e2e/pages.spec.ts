import {expect, test, type ConsoleMessage} from '@playwright/test';
import {sitemapPaths} from './sitemap.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

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

test('every page in the sitemap loads with no console error, no page error and no request to another host', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const paths = await sitemapPaths();
  for (const path of paths) {
    const problems: string[] = [];
    const onConsole = (message: ConsoleMessage) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    };
    const onPageError = (error: Error) => problems.push(`page error: ${error.message}`);
    const onRequest = (request: {url: () => string}) => {
      const url = new URL(request.url());
      if (
        (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:') &&
        !LOCAL_HOSTS.has(url.hostname)
      ) {
        problems.push(`request to another host: ${request.url()}`);
      }
    };
    page.on('console', onConsole);
    page.on('pageerror', onPageError);
    page.on('request', onRequest);

    // Not 'networkidle': pages with a live event stream or a held long-poll never go idle.
    const response = await page.goto(path, {waitUntil: 'load'});
    expect(response?.status(), `${path} answers 200`).toBe(200);
    await expect(page.locator('main').getByRole('heading').first(), `${path} has content`).toBeVisible();
    // Give lazy demos time to load, connect and fail loudly if they are going to.
    await page.waitForTimeout(1_000);

    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('request', onRequest);
    expect(problems, `problems on ${path}`).toEqual([]);
  }
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
