/**
 * Diagrams are drawn at build time (`npm run diagrams`, scripts/diagrams/): the page carries them as inline SVG,
 * one per colour mode, and no Mermaid code at all, neither with the page nor when the reader reaches a diagram.
 * accessibility.spec.ts scans the page, diagram and all, with axe in both colour modes.
 */
import {expect, test, type Page} from '@playwright/test';
import {type ColourMode} from './accessibility.ts';

const PAGE = '/docs/websocket/opening-handshake';
const TITLE = 'The WebSocket opening handshake, step by step';
/**
 * Mermaid's configuration key, present in every chunk of Mermaid's that configures or draws a diagram (the library
 * and each diagram type) and in none of the site's own code.
 */
const MERMAID_SIGNATURE = 'securityLevel';

/** Every script the page fetches, as URL and body; read it after the page has settled. */
function watchScripts(page: Page): () => Promise<{url: string; body: string}[]> {
  const scripts: Promise<{url: string; body: string}>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') {
      scripts.push(response.text().then((body) => ({url: response.url(), body})));
    }
  });
  return () => Promise.all(scripts);
}

function expectNoMermaid(scripts: {url: string; body: string}[]): void {
  expect(scripts.length, 'the page loaded its scripts').toBeGreaterThan(0);
  const mermaid = scripts.filter(({url, body}) => /mermaid/i.test(url) || body.includes(MERMAID_SIGNATURE));
  expect(mermaid.map(({url}) => url)).toEqual([]);
}

for (const mode of ['light', 'dark'] as const satisfies readonly ColourMode[]) {
  test(`the handshake diagram, ${mode} mode: drawn for the mode, named and described, no Mermaid code loaded`, async ({
    browser,
  }) => {
    const context = await browser.newContext({colorScheme: mode});
    const page = await context.newPage();
    const scripts = watchScripts(page);
    await page.goto(PAGE, {waitUntil: 'networkidle'});
    await expect(page.locator('html')).toHaveAttribute('data-theme', mode);

    const diagram = page.getByRole('img', {name: TITLE});
    await diagram.scrollIntoViewIfNeeded();
    await expect(diagram).toBeVisible();
    await expect(diagram).toHaveCount(1); // the other mode's drawing is hidden, so out of the accessibility tree
    await expect(diagram).toHaveAttribute('id', new RegExp(`-${mode}$`));
    await expect(diagram).toHaveAccessibleDescription(/^A sequence diagram of five numbered messages .* masked\.$/s);
    // The drawing has its size before any script runs: it is in the HTML, not drawn after load.
    const box = await diagram.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(200);

    await page.waitForLoadState('networkidle');
    expectNoMermaid(await scripts());
    await context.close();
  });
}

test('the handshake diagram follows a change of colour mode without a reload', async ({page}) => {
  await page.emulateMedia({colorScheme: 'light'});
  await page.goto(PAGE);
  const diagram = page.getByRole('img', {name: TITLE});
  await expect(diagram).toHaveAttribute('id', /-light$/);
  // The toggle cycles through system, light and dark: press it until the page is dark.
  await expect(async () => {
    await page.getByRole('button', {name: /dark and light mode/}).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark', {timeout: 1_000});
  }).toPass();
  await expect(diagram).toHaveAttribute('id', /-dark$/);
});

test('at 360 px the page does not scroll sideways; the diagram does, from the keyboard', async ({browser}) => {
  const context = await browser.newContext({viewport: {width: 360, height: 760}, isMobile: true, hasTouch: true});
  const page = await context.newPage();
  await page.goto(PAGE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the page is no wider than the screen').toBeLessThanOrEqual(0);

  const box = page.getByRole('region', {name: `Diagram: ${TITLE}`});
  await box.focus();
  await expect(box).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => box.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  await expect(box.getByRole('img', {name: TITLE})).toBeVisible();
  await context.close();
});

test('at desktop width the diagram fits: no scrolling box, no extra tab stop', async ({page}) => {
  await page.goto(PAGE);
  await expect(page.getByRole('img', {name: TITLE})).toBeVisible();
  await expect(page.getByRole('region', {name: `Diagram: ${TITLE}`})).toHaveCount(0);
});
