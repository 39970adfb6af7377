/**
 * Code blocks are highlighted when the site is built (scripts/highlight/): the page draws the tokens it carries
 * and loads no Prism, on a page with code or without. tests/unit/scripts/highlight.test.tsx checks the markup is the
 * one prism-react-renderer drew in the browser before; accessibility.spec.ts checks the colours' contrast.
 */
import {expect, test, type Page} from '@playwright/test';
import type {ColourMode} from './accessibility.ts';

const PAGE = '/docs/websocket/opening-handshake';

/** Prism's grammars register themselves on `Prism.languages`; prism-react-renderer's bundle names prismjs. */
const PRISM_SIGNATURE = /Prism\.languages|prismjs/;

function watchScripts(page: Page): () => Promise<{url: string; body: string}[]> {
  const scripts: Promise<{url: string; body: string}>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script')
      scripts.push(response.text().then((body) => ({url: response.url(), body})));
  });
  return () => Promise.all(scripts);
}

/** The distinct colours of the tokens in the page's HTTP code block. */
function tokenColours(page: Page): Promise<string[]> {
  return page
    .locator('pre.prism-code.language-http .token')
    .evaluateAll((tokens) => [...new Set(tokens.map((token) => getComputedStyle(token).color))]);
}

for (const mode of ['light', 'dark'] as const satisfies readonly ColourMode[]) {
  test(`code is highlighted in ${mode} mode with no Prism loaded`, async ({browser}) => {
    const context = await browser.newContext({colorScheme: mode});
    const page = await context.newPage();
    const scripts = watchScripts(page);
    await page.goto(PAGE, {waitUntil: 'networkidle'});
    await expect(page.locator('html')).toHaveAttribute('data-theme', mode);

    const http = page.locator('pre.prism-code.language-http').first();
    await expect(http).toContainText('Upgrade: websocket');
    // Method, header names and values, in colours of their own.
    await expect.poll(async () => (await tokenColours(page)).length).toBeGreaterThanOrEqual(3);
    const bash = page.locator(
      'pre.prism-code.language-bash .token.string, pre.prism-code.language-bash .token.function',
    );
    expect(await bash.count()).toBeGreaterThan(0);

    const loaded = await scripts();
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter(({body}) => PRISM_SIGNATURE.test(body)).map(({url}) => url)).toEqual([]);
    await context.close();
  });
}

test('code takes the other theme’s colours when the reader switches mode', async ({page}) => {
  await page.emulateMedia({colorScheme: 'light'});
  await page.goto(PAGE, {waitUntil: 'networkidle'});
  const light = await tokenColours(page);
  // The toggle cycles through system, light and dark: press it until the page is dark.
  await expect(async () => {
    await page.getByRole('button', {name: /dark and light mode/}).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark', {timeout: 1_000});
  }).toPass();
  await expect.poll(() => tokenColours(page)).not.toEqual(light);
});
