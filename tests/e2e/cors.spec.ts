/**
 * "CORS, seen from both sides" in Chromium: for each case, what the page shows of fetch's result against what
 * Chromium did on the wire (its DevTools protocol's Network events: Playwright's own request events never list a
 * preflight) and what the server recorded (shown by the page from GET /attempts/{id}).
 */
import {expect, test, type CDPSession, type Locator, type Page} from '@playwright/test';
import {
  CORS_EXPOSED_RESPONSE_HEADER,
  CORS_UNEXPOSED_RESPONSE_HEADER,
  CORS_UNLISTED_METHOD,
  CORS_UNLISTED_REQUEST_HEADER,
  type CorsCase,
} from '../../demo-server/src/contract/cors.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {scanPages} from './accessibility.ts';

interface WireRequest {
  id: string;
  method: string;
  url: string;
}

/** What Chromium reported about requests to /cors/: every request it meant to send, answers, and CORS failures. */
class Wire {
  sent: WireRequest[] = [];
  preflightAnswers: string[] = [];
  corsErrors: {url: string; corsError: string; failedParameter: string}[] = [];
  /** Requests Playwright's page.on('request') reported. */
  playwright: {method: string; url: string}[] = [];
  /** What Chromium wrote to the console about CORS: where the reason is, out of the page's reach. */
  console: string[] = [];

  static async watch(page: Page): Promise<Wire> {
    const wire = new Wire();
    const cdp: CDPSession = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', ({requestId, request}) => {
      if (!request.url.includes(`${ENDPOINTS.cors}/`)) return;
      urls.set(requestId, request.url);
      wire.sent.push({id: requestId, method: request.method, url: request.url});
    });
    cdp.on('Network.responseReceived', ({type, response}) => {
      if (type === 'Preflight' && response.url.includes(`${ENDPOINTS.cors}/`)) wire.preflightAnswers.push(response.url);
    });
    cdp.on('Network.loadingFailed', ({requestId, corsErrorStatus}) => {
      const url = urls.get(requestId);
      if (url !== undefined && corsErrorStatus !== undefined) {
        wire.corsErrors.push({url, ...corsErrorStatus});
      }
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('CORS policy')) wire.console.push(message.text());
    });
    page.on('request', (request) => {
      if (request.url().includes(`${ENDPOINTS.cors}/`))
        wire.playwright.push({method: request.method(), url: request.url()});
    });
    return wire;
  }

  /**
   * What Chromium meant to send to this URL, sorted: its DevTools events list a preflight before or after the request
   * it asks about, in no fixed order.
   */
  methodsTo(url: string): string[] {
    return this.sent
      .filter((request) => request.url === url)
      .map((request) => request.method)
      .sort();
  }
}

async function openDemo(page: Page): Promise<Locator> {
  await page.goto('/docs/when-it-breaks/cors');
  const demo = page.getByRole('region', {name: 'CORS, seen from both sides'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();
  return demo;
}

/** Runs a case by its button and waits for both sides; returns the result and the URL fetched. */
async function run(demo: Locator, name: CorsCase | 'json-again'): Promise<{result: Locator; url: string}> {
  const result = demo.getByTestId('cors-result');
  const before = (await result.count()) > 0 ? await result.getAttribute('data-run') : null;
  await demo.locator(`button[data-case="${name}"]`).click();
  await expect(result).not.toHaveAttribute('data-run', before ?? '0');
  await expect(result).toHaveAttribute('data-done', 'true');
  const url = (await result.getByTestId('cors-url').textContent()) ?? '';
  return {result, url};
}

/** The request lines of what the server received, as the page shows them from the server's record. */
async function serverRequestLines(result: Locator): Promise<string[]> {
  const heads = await result.getByTestId('server-saw-request').allTextContents();
  return heads.map((head) => head.split('\n')[0] ?? '');
}

function requestTarget(url: string): string {
  const {pathname, search} = new URL(url);
  return `${pathname}${search}`;
}

test('a simple GET: no preflight on the wire or on the server, the page reads status, type and body', async ({
  page,
}) => {
  const wire = await Wire.watch(page);
  const demo = await openDemo(page);
  const {result, url} = await run(demo, 'simple');

  await expect(result.getByTestId('cors-page-status')).toHaveText('200');
  await expect(result.getByTestId('cors-page-type')).toHaveText('"cors"');
  await expect(result.getByTestId('cors-page-body')).toContainText('"case":"simple"');
  expect(wire.methodsTo(url)).toEqual(['GET']);
  expect(await serverRequestLines(result)).toEqual([`GET ${requestTarget(url)} HTTP/1.1`]);
  const response = result.getByTestId('server-saw-response');
  await expect(response).toContainText('HTTP/1.1 200 OK');
  await expect(response).toContainText(`Access-Control-Allow-Origin: ${new URL(page.url()).origin}`);
  await expect(result.getByTestId('server-saw-request')).toContainText(`Origin: ${new URL(page.url()).origin}`);
});

test('a JSON POST: Chromium preflights it (Playwright does not list the OPTIONS), the server receives both', async ({
  page,
}) => {
  const wire = await Wire.watch(page);
  const demo = await openDemo(page);
  const {result, url} = await run(demo, 'json');

  await expect(result.getByTestId('cors-page-status')).toHaveText('200');
  await expect(result.getByTestId('cors-page-body')).toContainText('"method":"POST"');
  expect(wire.methodsTo(url)).toEqual(['OPTIONS', 'POST']);
  expect(wire.preflightAnswers).toEqual([url]);
  expect(wire.playwright).toEqual([{method: 'POST', url}]);
  // The preflight carries the request's URL, so both land in one record, in order.
  expect(await serverRequestLines(result)).toEqual([
    `OPTIONS ${requestTarget(url)} HTTP/1.1`,
    `POST ${requestTarget(url)} HTTP/1.1`,
  ]);
  const [preflight] = await result.getByTestId('server-saw-request').allTextContents();
  expect(preflight).toContain('Access-Control-Request-Method: POST');
  expect(preflight).toContain('Access-Control-Request-Headers: content-type');
  const [preflightAnswer] = await result.getByTestId('server-saw-response').allTextContents();
  expect(preflightAnswer).toContain('HTTP/1.1 204 No Content');
  expect(preflightAnswer).toContain('Access-Control-Max-Age: 600');
  await expect(result.getByTestId('server-saw-notes')).toContainText('That covers what was asked');
});

test('the preflight cache: the same URL again goes without OPTIONS, a new attempt id brings it back', async ({
  page,
}) => {
  const wire = await Wire.watch(page);
  const demo = await openDemo(page);
  const first = await run(demo, 'json');
  expect(wire.methodsTo(first.url)).toEqual(['OPTIONS', 'POST']);

  const again = await run(demo, 'json-again');
  expect(again.url).toBe(first.url);
  await expect(again.result).toContainText('the same URL as the last run of this case');
  expect(wire.methodsTo(first.url)).toEqual(['OPTIONS', 'POST', 'POST']);
  expect(await serverRequestLines(again.result)).toEqual([`POST ${requestTarget(first.url)} HTTP/1.1`]);

  const fresh = await run(demo, 'json');
  expect(fresh.url).not.toBe(first.url);
  expect(wire.methodsTo(fresh.url)).toEqual(['OPTIONS', 'POST']);
  expect((await serverRequestLines(fresh.result)).map((line) => line.split(' ')[0])).toEqual(['OPTIONS', 'POST']);

  // Not in the demo: with `cache: 'no-store'`, Chromium neither used nor kept a preflight cache entry.
  const noStore = fresh.url.replace(/attempt=[^&]+/, 'attempt=no-store-twice');
  const post = (url: string, cache: RequestCache) =>
    page.evaluate(
      async ([target, mode]) =>
        (
          await fetch(target, {
            method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: '{}',
            cache: mode,
          })
        ).text(),
      [url, cache] as const,
    );
  await post(noStore, 'no-store');
  await post(noStore, 'no-store');
  expect(wire.methodsTo(noStore)).toEqual(['OPTIONS', 'OPTIONS', 'POST', 'POST']);
  // …and kept no entry: the next request in the default mode is preflighted again.
  await post(noStore, 'default');
  expect(wire.methodsTo(noStore)).toEqual(['OPTIONS', 'OPTIONS', 'OPTIONS', 'POST', 'POST', 'POST']);
});

test(`${CORS_UNLISTED_METHOD} not allowed: a bare TypeError on the page; the server received the preflight alone`, async ({
  page,
}) => {
  const wire = await Wire.watch(page);
  const demo = await openDemo(page);
  const {result, url} = await run(demo, 'method');

  await expect(result.getByTestId('cors-page-error')).toHaveText('TypeError: Failed to fetch');
  await expect(result.getByTestId('cors-page-status')).toHaveCount(0);
  // Chromium lists the DELETE it meant to send, and says why it did not: the server never received it.
  expect(wire.methodsTo(url)).toEqual([CORS_UNLISTED_METHOD, 'OPTIONS'].sort());
  expect(wire.corsErrors).toEqual([
    {url, corsError: 'MethodDisallowedByPreflightResponse', failedParameter: CORS_UNLISTED_METHOD},
  ]);
  // The console has the reason the page's script was not given.
  expect(wire.console).toEqual([
    `Access to fetch at '${url}' from origin '${new URL(page.url()).origin}' has been blocked by CORS policy: Method ${CORS_UNLISTED_METHOD} is not allowed by Access-Control-Allow-Methods in preflight response.`,
  ]);
  expect(await serverRequestLines(result)).toEqual([`OPTIONS ${requestTarget(url)} HTTP/1.1`]);
  await expect(result.getByTestId('server-saw-request')).toContainText(
    `Access-Control-Request-Method: ${CORS_UNLISTED_METHOD}`,
  );
  await expect(result.getByTestId('server-saw-response')).toContainText('Access-Control-Allow-Methods: GET, POST');
  await expect(result.getByTestId('server-saw-notes')).toContainText('never sends the DELETE');
});

test(`${CORS_UNLISTED_REQUEST_HEADER} not allowed: a TypeError on the page; the GET never reached the server`, async ({
  page,
}) => {
  const wire = await Wire.watch(page);
  const demo = await openDemo(page);
  const {result, url} = await run(demo, 'header');

  await expect(result.getByTestId('cors-page-error')).toHaveText('TypeError: Failed to fetch');
  expect(wire.methodsTo(url)).toEqual(['GET', 'OPTIONS']);
  expect(wire.corsErrors).toEqual([
    {
      url,
      corsError: 'HeaderDisallowedByPreflightResponse',
      failedParameter: CORS_UNLISTED_REQUEST_HEADER.toLowerCase(),
    },
  ]);
  expect(await serverRequestLines(result)).toEqual([`OPTIONS ${requestTarget(url)} HTTP/1.1`]);
  await expect(result.getByTestId('server-saw-request')).toContainText(
    `Access-Control-Request-Headers: ${CORS_UNLISTED_REQUEST_HEADER.toLowerCase()}`,
  );
  await expect(result.getByTestId('server-saw-response')).toContainText('Access-Control-Allow-Headers: Content-Type');
});

test('credentials with *: the server received the GET and answered 200, the page got a TypeError', async ({page}) => {
  const wire = await Wire.watch(page);
  const demo = await openDemo(page);
  const {result, url} = await run(demo, 'credentials');

  await expect(result.getByTestId('cors-page-error')).toHaveText('TypeError: Failed to fetch');
  expect(wire.methodsTo(url)).toEqual(['GET']);
  expect(wire.corsErrors).toEqual([{url, corsError: 'WildcardOriginNotAllowed', failedParameter: ''}]);
  expect(await serverRequestLines(result)).toEqual([`GET ${requestTarget(url)} HTTP/1.1`]);
  const response = result.getByTestId('server-saw-response');
  await expect(response).toContainText('HTTP/1.1 200 OK');
  await expect(response).toContainText('Access-Control-Allow-Origin: *');
  // (The body's sentence names it; no header line does.)
  expect(await response.textContent()).not.toMatch(/\nAccess-Control-Allow-Credentials:/);
  await expect(response).toContainText('"case":"credentials"');
});

test(`${CORS_UNEXPOSED_RESPONSE_HEADER} not exposed: sent by the server, null to the page`, async ({page}) => {
  const wire = await Wire.watch(page);
  const demo = await openDemo(page);
  const {result, url} = await run(demo, 'expose');

  await expect(result.getByTestId('cors-page-status')).toHaveText('200');
  await expect(result.locator(`[data-name="${CORS_EXPOSED_RESPONSE_HEADER}"]`)).toHaveText('"\\"cors-expose-1\\""');
  await expect(result.locator(`[data-name="${CORS_UNEXPOSED_RESPONSE_HEADER}"]`)).toHaveText('null');
  await expect(result.getByTestId('cors-page-headers')).toHaveText(
    /^cache-control: no-store\ncontent-length: \d+\ncontent-type: application\/json; charset=utf-8\netag: "cors-expose-1"$/,
  );
  expect(wire.methodsTo(url)).toEqual(['GET']);
  expect(wire.corsErrors).toEqual([]);
  const response = result.getByTestId('server-saw-response');
  await expect(response).toContainText(`${CORS_UNEXPOSED_RESPONSE_HEADER}: 42`);
  await expect(response).toContainText(`Access-Control-Expose-Headers: ${CORS_EXPOSED_RESPONSE_HEADER}`);
});

test('runs from the keyboard alone, and says each result to a screen reader', async ({page}) => {
  const demo = await openDemo(page);
  const button = demo.locator('button[data-case="method"]');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(demo.getByTestId('cors-result')).toHaveAttribute('data-done', 'true');
  await expect(demo.locator('[aria-live="polite"]:not([role])')).toHaveText(
    `${CORS_UNLISTED_METHOD} not allowed: fetch rejected with TypeError: Failed to fetch; the server received 1 request.`,
  );
});

// The per-page axe tests see the demo before a run; these see a result of each kind, in both colour modes.
for (const name of ['method', 'expose'] as const) {
  test(`the ${name} result, both sides shown, has no axe violation in light or dark mode`, async ({browser}) => {
    test.setTimeout(90_000);
    const violations = await scanPages(
      browser,
      ['/docs/when-it-breaks/cors'],
      'live',
      '[data-testid="cors-result"]',
      async (page) => {
        const demo = page.getByRole('region', {name: 'CORS, seen from both sides'});
        await demo.locator(`button[data-case="${name}"]`).click();
        await expect(demo.getByTestId('cors-result')).toHaveAttribute('data-done', 'true');
      },
    );
    // The console errors a refused request makes are this demo's point, not a fault of the page.
    const expected =
      /console error: (Access to fetch at '[^']+\/cors\/method\?[^']+' .* blocked by CORS policy: |Failed to load resource: net::ERR_FAILED$)/;
    expect(violations.filter((line) => !expected.test(line))).toEqual([]);
  });
}
