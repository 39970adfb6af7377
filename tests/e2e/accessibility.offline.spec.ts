/**
 * The demos, with the demo server stopped, in light and in dark mode, checked by axe-core against WCAG 2.2 A and
 * AA: what a reader sees when they cannot run. Each test stops its worker's own demo server (tests/e2e/ports.ts)
 * and starts it again when it is done. The same pages with their demos live are checked in accessibility.spec.ts.
 */
import {expect, test} from '@playwright/test';
import {byFirstMode, PAGES_PER_TEST, scanPagesIn, testWithModeContexts, TIMEOUT_PER_PAGE_MS} from './accessibility.ts';
import {demoServer} from './demoServerControl.ts';
import {builtDemoPagePaths, dealt, demoPagePaths} from './sitemap.ts';

// As in accessibility.spec.ts: the failure says everything, and a trace would add half again to the time.
test.use({trace: 'off'});

// A test per few pages with demos, as in accessibility.spec.ts, so that no test's time grows with the site. They run
// in parallel, over the workers there are; in parallel mode each test runs the hooks below for itself, so each
// stops its own worker's demo server and starts it again.
const PAGES = builtDemoPagePaths();

test.describe('every demo, demo server stopped, in light and dark mode', () => {
  test.describe.configure({mode: 'parallel'});
  test.beforeAll(async () => {
    await demoServer('stop');
  });
  test.afterAll(async () => {
    await demoServer('start');
  });

  test('the build under test serves the pages with demos the tests were made from', async () => {
    expect(PAGES, 'the sitemap has pages with demos').toContain('/docs/websocket/opening-handshake');
    expect(await demoPagePaths()).toEqual(PAGES);
  });

  for (const paths of dealt(PAGES, PAGES_PER_TEST)) {
    // Only the demos: the rest of each page does not change with the demo server and is checked in
    // accessibility.spec.ts. Each demo is scanned once it says it is offline; its first retries (from 0.5 s) may turn
    // it to "connecting" while axe runs, or by the scan in the other colour mode, which is a state a reader sees as
    // well. As in accessibility.spec.ts, half the pages open in each mode and switch to the other.
    testWithModeContexts(
      `${paths.join(', ')}: no axe violation of WCAG 2.2 A or AA in its demos`,
      async ({modeContexts}) => {
        test.setTimeout(TIMEOUT_PER_PAGE_MS * paths.length);
        const violations = await Promise.all(
          byFirstMode(paths).map(([mode, opened]) =>
            scanPagesIn(modeContexts[mode], mode, opened, 'offline', '[data-demo-status]'),
          ),
        );
        expect(violations.flat(), 'axe violations, page by page and colour mode').toEqual([]);
      },
    );
  }
});
