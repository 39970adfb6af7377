/**
 * "Cookies, from every side" in Chromium: what the page shows of each cookie against what Chromium reported on the
 * wire (its DevTools protocol: the cookies it refused on each answer, with its reasons, and the Cookie field it
 * sent), what it keeps in its store, and what the server's echo received. The table of docs/http/cookies.mdx is
 * what these tests assert, same-site (the server as `localhost`, like the page) and cross-site (as `127.0.0.1`).
 */
import {expect, test, type CDPSession, type Locator, type Page} from '@playwright/test';
import {
  COOKIE_CASES,
  COOKIE_PATHS,
  CookieEcho,
  SCRIPT_COOKIE_NAME,
  cookieNameOf,
  type CookieCase,
} from '../../demo-server/src/contract/cookies.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {check} from '../../demo-server/src/contract/schema.ts';
import {COLOUR_MODES, axeViolations} from './accessibility.ts';
import {E2E_DEMO_SERVER_PORT} from './ports.ts';

const PAGE = '/docs/http/cookies';
const TITLE = 'Cookies, from every side';
const SAME_SITE_HOST = `localhost:${E2E_DEMO_SERVER_PORT}`;
const CROSS_SITE_HOST = `127.0.0.1:${E2E_DEMO_SERVER_PORT}`;

interface Refusal {
  name: string;
  reasons: string[];
}

/**
 * What Chromium reported about requests under /http/cookies: the cookies each answer had refused, with its reasons,
 * the partition its cookies would go to, and the Cookie field each request carried. Its "extra info" events may
 * come before or after the request's own, so each is kept by request id and matched to its URL when read.
 */
class Wire {
  private urls = new Map<string, string>();
  private refusals = new Map<string, Refusal[]>();
  private partitions = new Map<string, {topLevelSite: string; hasCrossSiteAncestor: boolean}>();
  private cookies = new Map<string, string | null>();

  constructor(readonly cdp: CDPSession) {}

  static async watch(page: Page): Promise<Wire> {
    const cdp = await page.context().newCDPSession(page);
    const wire = new Wire(cdp);
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', ({requestId, request}) => {
      if (request.url.includes(`${ENDPOINTS.cookies}/`)) wire.urls.set(requestId, request.url.replace(/\?.*$/, ''));
    });
    cdp.on('Network.responseReceivedExtraInfo', ({requestId, blockedCookies, cookiePartitionKey}) => {
      wire.refusals.set(
        requestId,
        blockedCookies.map(({cookie, cookieLine, blockedReasons}) => ({
          name: cookie?.name ?? cookieLine.split('=')[0] ?? '',
          reasons: blockedReasons,
        })),
      );
      if (cookiePartitionKey !== undefined && typeof cookiePartitionKey === 'object') {
        wire.partitions.set(requestId, cookiePartitionKey);
      }
    });
    cdp.on('Network.requestWillBeSentExtraInfo', ({requestId, headers}) => {
      const cookie = Object.entries(headers).find(([name]) => name.toLowerCase() === 'cookie')?.[1];
      wire.cookies.set(requestId, typeof cookie === 'string' ? cookie : null);
    });
    return wire;
  }

  /** The id of the last request to `url` (without its query) that has `what` recorded. */
  private last<T>(what: Map<string, T>, url: string): T | undefined {
    const ids = [...this.urls].filter(([id, seen]) => seen === url && what.has(id)).map(([id]) => id);
    const id = ids.at(-1);
    return id === undefined ? undefined : what.get(id);
  }

  /** The cookies Chromium refused on the last answer from `url`, with its reasons. */
  refused(url: string): Refusal[] | undefined {
    return this.last(this.refusals, url);
  }

  partition(url: string) {
    return this.last(this.partitions, url);
  }

  /** The Cookie field of the last request to `url`; null when it carried none. */
  cookieSent(url: string): string | null | undefined {
    return this.last(this.cookies, url);
  }

  /**
   * Every cookie of the demo in Chromium's store, partitioned ones included. `Network.getAllCookies` is deprecated
   * but lists them all; `Storage.getCookies` from a page's session listed none here.
   */
  async store(): Promise<{name: string; domain: string; sameSite?: string; partitionKey?: {topLevelSite: string}}[]> {
    const {cookies} = await this.cdp.send('Network.getAllCookies');
    return cookies.filter((cookie) => cookie.name.startsWith('otw_'));
  }
}

async function openDemo(page: Page): Promise<Locator> {
  await page.goto(PAGE);
  const demo = page.getByRole('region', {name: TITLE});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();
  return demo;
}

const row = (demo: Locator, name: CookieCase) => demo.locator(`tr[data-case="${name}"]`);
const cell = (demo: Locator, name: CookieCase, column: 'server' | 'frame' | 'page') =>
  row(demo, name).locator(`td[data-column="${column}"] > span`).first();

/** Presses a button with the keyboard: focus, then Enter, as a reader without a mouse does. */
async function press(button: Locator): Promise<void> {
  await button.focus();
  await button.press('Enter');
}

/** Sets every cookie at the chosen name of the server and waits until the page has looked from every side. */
async function setEvery(demo: Locator, site: 'same-site' | 'cross-site'): Promise<void> {
  await press(demo.getByRole('button', {name: 'Set every cookie'}));
  await expect(demo.getByTestId('cookie-site')).toContainText(`Sec-Fetch-Site: ${site}`);
  await expect(demo.getByRole('button', {name: 'Set every cookie'})).toBeEnabled();
  for (const name of COOKIE_CASES) await expect(cell(demo, name, 'frame')).not.toHaveText('not looked yet');
}

/** The table's column as {case: text}. */
async function column(demo: Locator, which: 'server' | 'frame' | 'page'): Promise<Record<string, string>> {
  const entries = await Promise.all(
    COOKIE_CASES.map(async (name) => [name, (await cell(demo, name, which).textContent()) ?? ''] as const),
  );
  return Object.fromEntries(entries);
}

/** An echo's body, checked against its schema. */
function echoOf(body: unknown): CookieEcho {
  const checked = check(CookieEcho, body);
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

const only = (yes: readonly CookieCase[]) =>
  Object.fromEntries(COOKIE_CASES.map((name) => [name, yes.includes(name) ? 'yes' : 'no']));

test('same-site, then cross-site: the page against what Chromium kept, refused, sent and the server received; axe-clean', async ({
  page,
}) => {
  // About 20 s on a quiet machine; twice that on this shared one at a load average of 14.
  test.setTimeout(60_000);
  const wire = await Wire.watch(page);
  const demo = await openDemo(page);

  // Same-site: the page on localhost, the server as localhost (another port: another origin, the same site).
  await setEvery(demo, 'same-site');
  for (const name of COOKIE_CASES) {
    expect(wire.refused(`http://${SAME_SITE_HOST}${COOKIE_PATHS.set}/${name}`), name).toEqual([]);
  }
  expect(await column(demo, 'server')).toEqual(only(COOKIE_CASES));
  // The server's own page sees every cookie but the HttpOnly one, and the Path one, whose path it is not under.
  expect(await column(demo, 'frame')).toEqual(
    only(COOKIE_CASES.filter((name) => name !== 'httponly' && name !== 'path')),
  );
  expect(await column(demo, 'page')).toEqual(only([]));
  await expect(row(demo, 'path')).toContainText(`at ${COOKIE_PATHS.echo}: no`);
  // The Cookie field the page shows is the one Chromium said it sent, byte for byte.
  const sentToEcho = wire.cookieSent(`http://${SAME_SITE_HOST}${COOKIE_PATHS.echo}`);
  expect(sentToEcho).toEqual(expect.stringContaining(`${cookieNameOf('httponly')}=`));
  await expect(demo.getByTestId('cookie-field-echo')).toHaveText(`Cookie: ${sentToEcho}`);
  const sentToScoped = wire.cookieSent(`http://${SAME_SITE_HOST}${COOKIE_PATHS.scopedEcho}`);
  await expect(demo.getByTestId('cookie-field-scoped')).toHaveText(`Cookie: ${sentToScoped}`);
  // RFC 6265 §5.4: the longer path first.
  expect(sentToScoped?.startsWith(`${cookieNameOf('path')}=`)).toBe(true);
  // What Chromium keeps: no SameSite of its own for the cookie that named none (its store lists none; Playwright's
  // context.cookies() would say "Lax", its own default); the partitioned cookie keyed by the page's top-level site.
  const store = await wire.store();
  expect(store.find((cookie) => cookie.name === cookieNameOf('plain'))).not.toHaveProperty('sameSite');
  expect(store.find((cookie) => cookie.name === cookieNameOf('samesite-lax'))?.sameSite).toBe('Lax');
  expect(store.find((cookie) => cookie.name === cookieNameOf('partitioned'))?.partitionKey?.topLevelSite).toBe(
    'http://localhost',
  );
  await expect(demo.locator('[aria-live="polite"]:not([role])')).toHaveText(
    /^Set all 10 cookies; 10 came back in Cookie/,
  );

  // What the page's script may do with these headers (Fetch standard): it never reads Set-Cookie, cannot write
  // Cookie, and without credentials: 'include' a cross-origin fetch carries no cookie.
  const scripted = await page.evaluate(
    async ({set, echo}) => {
      const setting = await fetch(set, {method: 'POST', credentials: 'include'});
      const forged = await fetch(echo, {credentials: 'include', headers: {Cookie: 'otw_forged=1'}});
      const plain = await fetch(echo);
      return {
        setCookieHeader: setting.headers.get('Set-Cookie'),
        forged: await forged.json(),
        plain: await plain.json(),
      };
    },
    {
      set: `http://${SAME_SITE_HOST}${COOKIE_PATHS.set}/plain`,
      echo: `http://${SAME_SITE_HOST}${COOKIE_PATHS.echo}`,
    },
  );
  expect(scripted.setCookieHeader).toBeNull();
  const forged = echoOf(scripted.forged);
  expect(forged.demoCookies.map((pair) => pair.name)).toContain(cookieNameOf('plain'));
  expect(forged.demoCookies.map((pair) => pair.name)).not.toContain('otw_forged');
  expect(echoOf(scripted.plain).cookieFields).toEqual([]);

  // The per-page axe tests see the demo before a run; here it has every column filled, in both modes. The site
  // follows prefers-color-scheme (respectPrefersColorScheme), so emulating it switches the page without a reload.
  for (const mode of COLOUR_MODES) {
    await page.emulateMedia({colorScheme: mode});
    await expect(page.locator('html')).toHaveAttribute('data-theme', mode);
    expect(await axeViolations(page, `${PAGE} [${mode}]`, `[aria-label="${TITLE}"]`), mode).toEqual([]);
  }

  // A cookie of this page's own origin, Path=/: the server on the same host name receives it (no isolation by port).
  await press(demo.getByRole('button', {name: "Set one with this page's script"}));
  await expect(demo.getByTestId('cookie-page')).toContainText(`${SCRIPT_COOKIE_NAME}=`);
  await expect(demo.getByTestId('cookie-field-echo')).toContainText(`${SCRIPT_COOKIE_NAME}=`);

  // Max-Age=0: the browser drops the cookie at once (RFC 6265 §5.2.2).
  await demo.getByLabel('Max-Age for its row').fill('0');
  await press(row(demo, 'max-age').getByRole('button'));
  await expect(row(demo, 'max-age').locator('[data-column="sent"]')).toContainText('Max-Age=0');
  await expect(cell(demo, 'max-age', 'server')).toHaveText('no');

  // Cross-site: the same server as 127.0.0.1.
  await demo.getByRole('radio', {name: new RegExp(CROSS_SITE_HOST.replaceAll('.', '\\.'))}).check();
  await setEvery(demo, 'cross-site');
  for (const name of COOKIE_CASES) {
    const url = `http://${CROSS_SITE_HOST}${COOKIE_PATHS.set}/${name}`;
    expect(wire.refused(url), name).toEqual(
      name === 'partitioned' ? [] : [{name: cookieNameOf(name), reasons: ['UserPreferences']}],
    );
    expect(wire.partition(url), name).toEqual({topLevelSite: 'http://localhost', hasCrossSiteAncestor: true});
  }
  expect(await column(demo, 'server')).toEqual(only(['partitioned']));
  expect(await column(demo, 'frame')).toEqual(only(['partitioned']));
  const crossSent = wire.cookieSent(`http://${CROSS_SITE_HOST}${COOKIE_PATHS.echo}`);
  expect(crossSent).toMatch(new RegExp(`^${cookieNameOf('partitioned')}=[0-9a-f]+$`));
  await expect(demo.getByTestId('cookie-field-echo')).toHaveText(`Cookie: ${crossSent}`);
  const partitioned = (await wire.store()).filter((cookie) => cookie.domain === '127.0.0.1');
  expect(partitioned.map((cookie) => [cookie.name, cookie.partitionKey?.topLevelSite])).toEqual([
    [cookieNameOf('partitioned'), 'http://localhost'],
  ]);

  // Clear all, at both names: nothing of the demo's is left in the store.
  await press(demo.getByRole('button', {name: 'Clear all'}));
  await expect(demo.getByTestId('cookie-cleared')).toContainText(`${cookieNameOf('partitioned')}=; Path=`);
  await expect(demo.getByTestId('cookie-field-echo')).toHaveText('(no Cookie field)');
  await demo.getByRole('radio', {name: new RegExp(SAME_SITE_HOST)}).check();
  await press(demo.getByRole('button', {name: 'Clear all'}));
  await expect(demo.getByTestId('cookie-cleared')).toBeVisible();
  await expect(demo.getByTestId('cookie-field-echo')).toHaveText('(no Cookie field)');
  const cleared = (await demo.getByTestId('cookie-cleared').innerText()).split('\n');
  expect(cleared.map((line) => line.split('=')[0])).toEqual(
    COOKIE_CASES.map((name) => `Set-Cookie: ${cookieNameOf(name)}`),
  );
  expect(cleared.every((line) => line.includes('Max-Age=0'))).toBe(true);
  expect(await wire.store()).toEqual([]);
});
