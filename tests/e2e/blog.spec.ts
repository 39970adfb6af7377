import {expect, test, type Page} from '@playwright/test';
import {createHash} from 'node:crypto';
import {WEBSOCKET_GUID} from '../../demo-server/src/contract/websocket.ts';
import {E2E_SITE_URL} from './ports.ts';

const POSTS = [
  {path: '/blog/rest-api-vs-websocket', title: 'REST API vs WebSocket'},
  {path: '/blog/http-and-ftp', title: 'HTTP and FTP'},
] as const;

/** Parses XML with the browser's own parser; returns the document's element names and text, or the parse error. */
async function parseXml(page: Page, xml: string) {
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'application/xml');
    const error = doc.getElementsByTagName('parsererror')[0];
    return {
      error: error?.textContent ?? null,
      root: doc.documentElement.nodeName,
      entries: [...doc.querySelectorAll('item, entry')].map((entry) => ({
        title: entry.querySelector('title')?.textContent ?? '',
        link:
          entry.querySelector('link')?.getAttribute('href') ?? entry.querySelector('link')?.textContent.trim() ?? '',
        content:
          entry.getElementsByTagName('content:encoded')[0]?.textContent ??
          entry.querySelector('content')?.textContent ??
          '',
      })),
    };
  }, xml);
}

test('the blog list shows both posts, each with an excerpt and a link to the rest', async ({page}) => {
  await page.goto('/blog');
  for (const post of POSTS) {
    const article = page.locator('article').filter({has: page.getByRole('heading', {name: post.title, exact: true})});
    await expect(article).toHaveCount(1);
    // An excerpt: the text before the truncate marker, and not the references at the end.
    await expect(article.locator('p', {hasText: /\w.{80,}/}).first()).toBeVisible();
    await expect(article.getByRole('heading', {name: 'References'})).toHaveCount(0);
    await expect(article.getByRole('link', {name: /Read more/})).toHaveAttribute('href', post.path);
    await expect(article.getByText(/min read/)).toBeVisible();
  }
  // The sidebar lists every post.
  const sidebar = page.getByRole('navigation', {name: /Blog recent posts navigation/i});
  for (const post of POSTS) await expect(sidebar.getByRole('link', {name: post.title})).toBeVisible();
});

test('rss.xml and atom.xml are valid XML, list both posts and carry their full content', async ({page}) => {
  await page.goto('/blog');
  for (const [file, root] of [
    ['rss.xml', 'rss'],
    ['atom.xml', 'feed'],
  ] as const) {
    const response = await fetch(`${E2E_SITE_URL}/blog/${file}`);
    expect(response.status, file).toBe(200);
    const feed = await parseXml(page, await response.text());
    expect(feed.error, `${file} parses`).toBeNull();
    expect(feed.root).toBe(root);
    const post1 = feed.entries.find((e) => e.title === POSTS[0].title);
    expect(post1?.content).toContain('Live demo: Handshake Inspector.');
    for (const post of POSTS) {
      const entry = feed.entries.find((e) => e.title === post.title);
      expect(entry, `${file} lists ${post.title}`).toBeDefined();
      expect(new URL(entry!.link).pathname).toBe(post.path);
      // Full content, not the excerpt: the references come after the truncate marker.
      expect(entry!.content).toContain('References');
      // Feed readers run no scripts: a demo is named and linked, not left "Loading…".
      expect(entry!.content).not.toContain('Loading the live demo');
    }
  }
});

test('post 1 has its cover as social card, tags, author and an edit link to the repository', async ({page}) => {
  await page.goto('/blog/rest-api-vs-websocket');
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute(
    'content',
    /\/img\/blog\/rest-api-vs-websocket\.png$/,
  );
  const cover = page.locator('article img[alt*="Fielding"]');
  await expect(cover).toHaveAttribute('alt', /REST.*WebSocket/);
  await expect(cover).toHaveAttribute('width', '1200');
  await expect(cover).toHaveAttribute('height', '630');
  for (const tag of ['REST', 'WebSocket', 'IT', 'Front end', 'English']) {
    await expect(page.locator('article').getByRole('link', {name: tag, exact: true})).toBeVisible();
  }
  await expect(page.getByRole('link', {name: /Edit this page/})).toHaveAttribute(
    'href',
    /\/edit\/main\/blog\/2026-11-25-rest-api-vs-websocket\/index\.mdx$/,
  );
  // The post leads to post 2 and to the articles that go deeper.
  await expect(page.locator('article').getByRole('link', {name: 'HTTP and FTP', exact: true})).toHaveAttribute(
    'href',
    '/blog/http-and-ftp',
  );
  await expect(page.locator('article a[href="/docs/rest/stateless"]')).toHaveCount(1);

  for (const listing of ['/blog/tags/rest', '/blog/tags/websocket', '/blog/authors/maintainers']) {
    await page.goto(listing);
    for (const post of POSTS) {
      await expect(
        page.locator('article').getByRole('heading', {name: post.title, exact: true}),
        listing,
      ).toBeVisible();
    }
  }
  await expect(page.getByRole('heading', {name: 'Over the Wire maintainers'}).first()).toBeVisible();
});

test('post 1’s demos are live: the handshake shows the key this browser sent, and polling races push', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const sentKeys: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketWillSendHandshakeRequest', ({request}) => {
    const key = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'sec-websocket-key')?.[1];
    if (typeof key === 'string') sentKeys.push(key);
  });

  await page.goto('/blog/rest-api-vs-websocket');
  const handshake = page.getByRole('region', {name: 'Handshake Inspector'});
  const key = handshake.getByTestId('derivation-key');
  await expect(key).toHaveText(/^[A-Za-z0-9+/]{22}==$/);
  const shown = (await key.textContent()) ?? '';
  expect(sentKeys).toContain(shown);
  await expect(handshake.locator('[data-header="sec-websocket-key"]')).toContainText(shown);
  const accept = createHash('sha1')
    .update(shown + WEBSOCKET_GUID)
    .digest('base64');
  await expect(handshake.getByTestId('derivation-accept')).toHaveText(accept);
  await expect(handshake.locator('[data-header="sec-websocket-accept"]')).toContainText(accept);
  await expect(handshake.getByTestId('accept-verdict')).toContainText('the value the server sent back');

  const race = page.getByRole('region', {name: 'The polling race'});
  await expect(race).toHaveAttribute('data-demo-status', 'live');
  await expect(race.locator('[data-transport]')).toHaveCount(2);
  for (const transport of ['poll', 'ws']) {
    await expect
      .poll(async () => Number(await race.locator(`[data-transport="${transport}"]`).getAttribute('data-events')), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
  }
  // The compact race has no table of figures; the lanes carry them.
  await expect(race.getByRole('region', {name: 'The race in figures'})).toHaveCount(0);

  await expect(page.getByRole('region', {name: 'Same API, two transports'})).toHaveAttribute(
    'data-demo-status',
    'live',
  );
});
