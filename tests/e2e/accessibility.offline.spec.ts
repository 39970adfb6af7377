/**
 * The demos, with the demo server stopped, in light and in dark mode, checked by axe-core against WCAG 2.2 A and
 * AA: what a reader sees when they cannot run. The name puts it in the offline project
 * (playwright.config.ts), which runs after everything else because it stops the shared demo server. The same
 * pages with their demos live are checked in accessibility.spec.ts.
 */
import {expect, test} from '@playwright/test';
import {COLOUR_MODES, scanPages} from './accessibility.ts';
import {demoServer} from './demoServerControl.ts';
import {demoPagePaths} from './sitemap.ts';

// As in accessibility.spec.ts: the failure says everything, and a trace would add half again to the time.
test.use({trace: 'off'});

test.afterEach(async () => {
  await demoServer('start');
});

test('every demo, demo server stopped, has no axe violation of WCAG 2.2 A or AA, in light or in dark mode', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const paths = await demoPagePaths();
  expect(paths, 'the sitemap has pages with demos').toContain('/docs/websocket/opening-handshake');
  await demoServer('stop');
  // Only the demos: the rest of each page does not change with the demo server and is checked in
  // accessibility.spec.ts. Each demo is scanned once it says it is offline; its first retries (from 0.5 s) may turn
  // it to "connecting" while axe runs, which is a state a reader sees as well.
  const violations = await Promise.all(
    COLOUR_MODES.map((mode) => scanPages(browser, mode, paths, 'offline', '[data-demo-status]')),
  );
  expect(violations.flat(), 'axe violations, page by page').toEqual([]);
});
