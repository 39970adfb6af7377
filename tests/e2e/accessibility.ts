/**
 * The accessibility check of the end-to-end tests: open a page the way a reader sees it (colour mode applied,
 * demos loaded and in the state under test), run axe-core on it, and say every violation in a line a person can
 * act on. With the demos live, the same visit watches the page's health: no console error, no page error, no
 * request to another host.
 */
import axe from 'axe-core';
import {
  devices,
  expect,
  test,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
  type Request,
} from '@playwright/test';
import {E2E_SITE_URL} from './ports.ts';

export type ColourMode = 'light' | 'dark';
/** Both colour modes, light first. */
export const COLOUR_MODES: readonly ColourMode[] = ['light', 'dark'];

/**
 * `paths` dealt to the colour mode each is opened in, alternately, for two browser pages side by side (one per
 * context of `testWithModeContexts`) that each switch their pages to the other mode: half the pages are loaded in
 * each mode, and the two halves take about as long.
 */
export function byFirstMode(paths: readonly string[]): [ColourMode, string[]][] {
  return COLOUR_MODES.map((mode, index) => [mode, paths.filter((_path, at) => at % COLOUR_MODES.length === index)]);
}

/** The colour mode that is not `mode`. */
export function otherMode(mode: ColourMode): ColourMode {
  return mode === 'light' ? 'dark' : 'light';
}
/** What each demo on the page shows: itself (the demo server answers) or its offline notice (it does not). */
export type DemoState = 'live' | 'offline';

/**
 * Pages one test checks (accessibility.spec.ts, accessibility.offline.spec.ts), half of them in each of two browser
 * pages side by side, in turn. A test per page paid for a new browser page and a test around it, each time; a test of
 * every page had a time that grew with the site. Six splits evenly over the two browser pages and keeps a test well
 * under its timeout.
 */
export const PAGES_PER_TEST = 6;
/**
 * What such a test may take, per page it checks: 4.2 s a page (median; at most 8.3 s) was measured at a load average
 * of 5 to 12 on two cores, 13 s (at most 23 s) at 15 to 21, and 23 s (at most 28 s) at 27.
 */
export const TIMEOUT_PER_PAGE_MS = 60_000;

/** The success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules. */
const WCAG_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/**
 * Rules outside those tags that the site holds itself to anyway. `heading-order` is a best practice in axe (WCAG
 * 1.3.1 does not forbid a skipped level), but a reader who moves through a page by its headings needs them in order.
 */
const ALSO = ['heading-order'];
/** Nodes listed per rule and page; the rest are counted. */
const NODES_SHOWN = 5;
/** The hosts of the site and the demo server under test: a request anywhere else is a problem. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Collects what goes wrong on `page` while it is watched: console errors, uncaught errors, and requests (HTTP or
 * WebSocket) to a host other than the site and its demo server. `take()` returns what was collected and starts
 * afresh.
 */
function watchHealth(page: Page): {take: () => string[]} {
  let problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error: Error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request: Request) => {
    const url = new URL(request.url());
    if (/^(https?|wss?):$/.test(url.protocol) && !LOCAL_HOSTS.has(url.hostname)) {
      problems.push(`request to another host: ${request.url()}`);
    }
  });
  return {
    take: () => {
      const taken = problems;
      problems = [];
      return taken;
    },
  };
}

/**
 * Runs in each page before its scripts: notes every Intl date or number formatter the page builds, directly or
 * through `toLocale…String`. The first one loads the browser's locale data, tens of milliseconds of main thread,
 * so no page builds one while it loads (src/lib/format.ts writes dates, times and counts without).
 */
function recordIntlFormatters(): void {
  const built: string[] = [];
  (window as {intlFormatters?: string[]}).intlFormatters = built;
  const where = () => new Error().stack?.split('\n')[3]?.trim() ?? '';
  // Intl's two constructors have types TypeScript cannot assign across; each is replaced by a Proxy of itself.
  const intl = Intl as unknown as Record<'DateTimeFormat' | 'NumberFormat', object>;
  for (const name of ['DateTimeFormat', 'NumberFormat'] as const) {
    intl[name] = new Proxy(intl[name], {
      construct(target, args: unknown[]) {
        built.push(`Intl.${name} ${where()}`);
        return Reflect.construct(target as new (...args: unknown[]) => object, args);
      },
      apply(target, thisArg, args: unknown[]) {
        built.push(`Intl.${name} ${where()}`);
        return Reflect.apply(target as (...args: unknown[]) => unknown, thisArg, args);
      },
    });
  }
  const methods = [
    [Date.prototype, 'toLocaleString'],
    [Date.prototype, 'toLocaleDateString'],
    [Date.prototype, 'toLocaleTimeString'],
    [Number.prototype, 'toLocaleString'],
  ] as const;
  for (const [prototype, method] of methods) {
    const original: unknown = Reflect.get(prototype, method);
    if (typeof original !== 'function') continue;
    Object.defineProperty(prototype, method, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        built.push(`${method} ${where()}`);
        return Reflect.apply(original, this, args) as string;
      },
    });
  }
}

/**
 * Runs in each page before its scripts: notes every script element the chunk loader adds (it marks them
 * `data-rspack`, `data-webpack` under webpack). Each page's HTML names the chunks its route needs
 * (scripts/routeChunks/plugin.ts), so a page without demos should need none beyond them; a demo's own code is loaded
 * when the demo comes into view.
 */
function recordInjectedScripts(): void {
  const injected: string[] = [];
  (window as {injectedScripts?: string[]}).injectedScripts = injected;
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes)
        if (node instanceof HTMLScriptElement && (node.dataset.rspack ?? node.dataset.webpack) !== undefined)
          injected.push(node.src);
  }).observe(document, {childList: true, subtree: true});
}

/**
 * Checks `paths` one after the other, each in both colour modes, in a browser context of its own, and returns every
 * violation found, as lines that say page, mode, state, rule and elements (see `scanPagesIn`). Each page is opened
 * once, in light mode, and checked again after the reader's system turns to dark mode, so that a demo brought into a
 * state by `prepare` (a run shown, results listed) is brought there once.
 */
export async function scanPages(
  browser: Browser,
  paths: readonly string[],
  demos: DemoState,
  only?: string,
  prepare?: (page: Page) => Promise<void>,
): Promise<string[]> {
  const context = await newModeContext(browser, 'light');
  try {
    return await scanPagesIn(context, 'light', paths, demos, only, prepare);
  } finally {
    await context.close();
  }
}

/** A browser context as a reader's desktop browser in colour mode `mode`, for `scanPagesIn`. */
export function newModeContext(browser: Browser, mode: ColourMode): Promise<BrowserContext> {
  return browser.newContext({...devices['Desktop Chrome'], baseURL: E2E_SITE_URL, colorScheme: mode});
}

/**
 * Checks `paths` one after the other in a page of its own in `context` (open already, `newModeContext`: the per-page
 * tests share one context per colour mode in a worker, as one reader's browser would, instead of paying for a new
 * one, and a cold HTTP cache, on every page), with every demo in state `demos`. Each page is opened in colour mode
 * `first`, checked by axe-core, then switched to the other mode as a reader's system switches it (the
 * `prefers-color-scheme` Docusaurus follows) and checked again: both modes of a page for one load, and a page that
 * does not follow a switch is caught as well. Returns every violation found, as lines that say page, mode, state,
 * rule and elements. With the demos live it also returns, page by page, any console error, page error or request to
 * another host, from the page's load until its scans ended (with the demo server stopped, refused connections are
 * what the console should say), and any Intl formatter built while it loaded. With `only`, a CSS selector, axe checks
 * just the elements it matches (each page must have one). With `prepare`, each page is brought into the state to
 * check (a dropdown opened, results shown) before the first scan.
 */
export async function scanPagesIn(
  context: BrowserContext,
  first: ColourMode,
  paths: readonly string[],
  demos: DemoState,
  only?: string,
  prepare?: (page: Page) => Promise<void>,
): Promise<string[]> {
  const page = await context.newPage();
  const second = otherMode(first);
  try {
    const health = watchHealth(page);
    await page.addInitScript(recordIntlFormatters);
    await page.addInitScript(recordInjectedScripts);
    const violations: string[] = [];
    for (const path of paths) {
      const label = (mode: ColourMode) => `${path} [${mode}, demos ${demos}]`;
      const both = `${path} [${first}, then ${second}, demos ${demos}]`;
      // A page that cannot be checked (no 200, a demo that never settles) is a finding like a violation, and the
      // next page is checked all the same: a test of several pages says everything wrong with each of them.
      try {
        await test.step(both, async () => {
          // The switch of the page before stays with the browser page: each page opens in `first`.
          await page.emulateMedia({colorScheme: first});
          await openSettled(page, path, first, demos);
          if (demos === 'live') violations.push(...(await loadingProblems(page, label(first))));
          await prepare?.(page);
          violations.push(...(await axeViolations(page, label(first), only)));
          await switchColourMode(page, second);
          violations.push(...(await axeViolations(page, label(second), only)));
        });
      } catch (error) {
        violations.push(`${both} could not be checked: ${error instanceof Error ? error.message : String(error)}`);
      }
      const problems = health.take();
      if (demos === 'live') violations.push(...problems.map((problem) => `${both} ${problem}`));
    }
    return violations;
  } finally {
    await page.close();
  }
}

/**
 * What the page did while it loaded that it should not have: an Intl formatter built (`recordIntlFormatters`), or,
 * on a page without demos, a script loaded that its HTML does not name (`recordInjectedScripts`), each as a line
 * that starts with `label`. Call it once the page has hydrated.
 */
async function loadingProblems(page: Page, label: string): Promise<string[]> {
  const {formatters, hasDemo, scripts} = await page.evaluate(() => {
    const seen = window as {intlFormatters?: string[]; injectedScripts?: string[]};
    return {
      formatters: seen.intlFormatters ?? [],
      hasDemo: document.querySelector('[data-demo-status]') !== null,
      scripts: seen.injectedScripts ?? [],
    };
  });
  return [
    ...formatters.map((what) => `${label} built an Intl formatter while loading: ${what}`),
    ...(hasDemo ? [] : scripts.map((src) => `${label} has no demo but loaded a script its HTML does not name: ${src}`)),
  ];
}

/**
 * Turns the reader's system to colour mode `mode` and waits until the page has followed it: Docusaurus sets
 * `data-theme` on <html> as soon as `prefers-color-scheme` changes, React re-renders what reads the mode by the next
 * frames, and Infima's colours take a transition (0.2 s) to get there. A scan in the middle of it reads colours no
 * reader is left with: a button's text at 1.6:1 against its background, a link at 3.9:1 (first tries of this check).
 */
export async function switchColourMode(page: Page, mode: ColourMode): Promise<void> {
  await page.emulateMedia({colorScheme: mode});
  await expect(page.locator('html'), `the page follows the switch to ${mode} mode`).toHaveAttribute('data-theme', mode);
  await page.evaluate(settledTransitions);
}

/**
 * In the page: resolves once the frame after the next has begun, then once every CSS transition running then has
 * finished (or been cancelled). Animations that loop (a live badge's pulse) are not transitions, and not waited for.
 */
async function settledTransitions(): Promise<void> {
  await new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)));
  const transitions = document.getAnimations().filter((animation) => animation instanceof CSSTransition);
  await Promise.allSettled(transitions.map((transition) => transition.finished));
}

/**
 * Opens `path` and waits until it is what a reader sees: the colour mode applied, the page hydrated, the main heading
 * shown, every demo's placeholder replaced by the demo, and every demo `live` or `offline`.
 */
async function openSettled(page: Page, path: string, mode: ColourMode, demos: DemoState): Promise<void> {
  // Not 'networkidle': pages with a live event stream or a held long-poll never go idle.
  const response = await page.goto(path, {waitUntil: 'load'});
  expect(response?.status(), `${path} answers 200`).toBe(200);
  // Every condition below in one round trip, polled in the page: on a busy machine each of Playwright's checks costs
  // 0.1 to 0.4 s of round trip even when it passes at once. Only when they do not all hold in time do the checks below
  // run one by one, to say which one fails.
  const settled = await page.waitForFunction(isSettled, {mode, demos}, {timeout: SETTLE_TIMEOUT_MS, polling: 50}).then(
    () => true,
    () => false,
  );
  if (!settled) await expectSettled(page, path, mode, demos);
  // A live demo fills in from its first messages.
  if (demos === 'live' && (await page.locator('[data-demo-status]').count()) > 0) await page.waitForTimeout(500);
}

/** How long `openSettled` waits for a page to settle before it checks what is missing. */
const SETTLE_TIMEOUT_MS = 10_000;

/**
 * In the page: whether it is what a reader sees, as `expectSettled` checks it. Runs in the browser, so it is
 * written without anything from this module.
 */
function isSettled({mode, demos}: {mode: ColourMode; demos: DemoState}): boolean {
  if (document.documentElement.getAttribute('data-theme') !== mode) return false;
  if (document.documentElement.getAttribute('data-has-hydrated') !== 'true') return false;
  const heading = document.querySelector('main :is(h1, h2, h3, h4, h5, h6, [role="heading"])');
  if (heading === null || heading.getClientRects().length === 0) return false;
  if (document.querySelector('section[aria-busy="true"]') !== null) return false;
  return [...document.querySelectorAll('[data-demo-status]')].every(
    (frame) => frame.getAttribute('data-demo-status') === demos,
  );
}

/** The conditions of `isSettled`, each as an assertion that names the page and what is missing. */
async function expectSettled(page: Page, path: string, mode: ColourMode, demos: DemoState): Promise<void> {
  // Docusaurus follows prefers-color-scheme (the context's colorScheme) and says so on <html>.
  await expect(page.locator('html'), `${path} is in ${mode} mode`).toHaveAttribute('data-theme', mode);
  // Docusaurus marks <html> once React has hydrated the page.
  await expect(page.locator('html'), `${path} hydrates`).toHaveAttribute('data-has-hydrated', 'true');
  await expect(page.locator('main').getByRole('heading').first(), `${path} has content`).toBeVisible();
  // A demo renders an aria-busy placeholder until its code has loaded, then its frame, which says its state.
  await expect(page.locator('section[aria-busy="true"]'), `${path}: every demo loaded`).toHaveCount(0);
  for (const frame of await page.locator('[data-demo-status]').all()) {
    const name = await frame.getAttribute('aria-label');
    await expect(frame, `${path}: ${name} is ${demos}`).toHaveAttribute('data-demo-status', demos);
  }
}

/** axe-core in the page, as `injectAxe` puts it there. */
interface AxeWindow {
  axe?: typeof axe;
}

/**
 * axe-core's source, then its configuration as @axe-core/playwright's legacy mode sets it: each frame is checked by
 * the axe-core in it, and only frames of the page's own origin answer.
 */
const AXE_SCRIPT = `${axe.source};axe.configure({allowedOrigins: ['<same_origin>']});`;

/**
 * Puts axe-core into every frame of the page that has none yet: once per document, where @axe-core/playwright's
 * `analyze()` evaluates the whole of its source (some 600 kB) twice in the page and once in every other frame on each
 * scan, which cost more than the scan itself (2.3 s a scan against 1.1 s for `axe.run` alone, measured on six pages
 * here). A frame that cannot be scripted is left out, as `analyze()` leaves it out: it is no part of a scan anyway.
 */
async function injectAxe(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate(() => (window as AxeWindow).axe !== undefined)) continue;
      await frame.evaluate(AXE_SCRIPT);
    } catch (error) {
      if (frame === page.mainFrame()) throw error;
    }
  }
}

/**
 * Runs axe-core (WCAG 2.2 A and AA, plus `heading-order`) on the page as it is (or on the elements `only` matches),
 * and returns one line per rule it finds broken: where (`label`), the rule, its impact, and the elements, each with
 * axe's own words on what is wrong.
 */
export async function axeViolations(page: Page, label: string, only: string | undefined): Promise<string[]> {
  if (only !== undefined) await expect(page.locator(only).first(), `${label} has ${only}`).toBeAttached();
  await injectAxe(page);
  // axe.run in the page itself (@axe-core/playwright's legacy mode), instead of a run in each frame finished in a new
  // blank page: it halves the time of a scan. What it leaves out is cross-origin frames, and the site's only one is
  // the code-on-demand demo's sandbox: aria-hidden, opaque origin, an empty document.
  const results = await page.evaluate(
    async ({context, options}) => {
      const {axe: inPage} = window as AxeWindow;
      if (inPage === undefined) throw new Error('axe-core is not in the page');
      // A colour mode set just before the scan starts Infima's colour transitions (0.2 s on buttons and links): a scan
      // inside one reads a colour halfway between the modes, and once failed CI on the light-mode link colour over the
      // dark background. Let every transition or animation that ends finish first (a spinner's never does).
      const ending = document
        .getAnimations()
        .filter((animation) => Number.isFinite(animation.effect?.getComputedTiming().endTime ?? Infinity));
      await Promise.all(ending.map((animation) => animation.finished.catch(() => undefined)));
      return inPage.run(context ?? document, options);
    },
    {
      context: only ?? null,
      options: {
        runOnly: {type: 'tag', values: WCAG_A_AA},
        rules: Object.fromEntries(ALSO.map((rule) => [rule, {enabled: true}])),
        // Elements only for what fails: listing every element that passed doubles the time on a long page.
        resultTypes: ['violations'],
      } satisfies axe.RunOptions,
    },
  );
  // A scan that checked nothing would pass silently.
  expect(results.passes.length, `axe checked something on ${label}`).toBeGreaterThan(0);
  return results.violations.map((violation) => {
    const nodes = violation.nodes.slice(0, NODES_SHOWN).map((node) => {
      const why = [...node.any, ...node.all, ...node.none].map((check) => check.message).find(Boolean) ?? '';
      return `\n    ${node.target.join(' ')}${why ? ` — ${why}` : ''}`;
    });
    const more = violation.nodes.length > NODES_SHOWN ? `\n    …and ${violation.nodes.length - NODES_SHOWN} more` : '';
    return `${label} ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}${nodes.join('')}${more}`;
  });
}

/** One browser context per colour mode, open for as long as the worker runs: for a test per page. */
export const testWithModeContexts = test.extend<object, {modeContexts: Record<ColourMode, BrowserContext>}>({
  modeContexts: [
    async ({browser}, use) => {
      const contexts = {light: await newModeContext(browser, 'light'), dark: await newModeContext(browser, 'dark')};
      await use(contexts);
      await Promise.all([contexts.light.close(), contexts.dark.close()]);
    },
    {scope: 'worker'},
  ],
});
