/**
 * "Redirects, seen from both sides" in Chromium: the matrix of GET and POST against each redirect status, and the
 * experiments (`redirect: "manual"`, `"error"`, chains of 20 and 21, a loop), each row checked three ways: what the
 * page shows of fetch's result, the hops Playwright saw Chromium send (its request events, redirects included), and
 * the hops the server recorded (shown by the page from GET /attempts/{id}).
 */
import {expect, test, type Locator, type Page, type Request} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {REDIRECT_STATUSES} from '../../demo-server/src/contract/redirects.ts';
import {FETCH_REDIRECT_LIMIT, MATRIX_METHODS, REDIRECT_BODY} from '../../src/lib/redirects.ts';
import {scanPages} from './accessibility.ts';

const PAGE = '/docs/http/redirects';
const TITLE = 'Redirects, seen from both sides';

/** Every request Chromium made to the redirect routes, as Playwright reported it (one Request per hop). */
function watch(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith(`${ENDPOINTS.httpRedirect}/`)) requests.push(request);
  });
  return requests;
}

/** The hops of the fetch whose first request went to `path` with `method`: that request and its redirects. */
function chainFrom(requests: readonly Request[], path: string, method: string): Request[] {
  const first = requests.filter(
    (request) =>
      request.redirectedFrom() === null && new URL(request.url()).pathname === path && request.method() === method,
  );
  expect(first, `${method} ${path}`).toHaveLength(1);
  const chain: Request[] = [];
  for (let hop: Request | null = first[0] ?? null; hop !== null; hop = hop.redirectedTo()) chain.push(hop);
  return chain;
}

/** Hops as "METHOD path bodyBytes": from Playwright's requests, and from the server's record on the page. */
const wireHops = (chain: readonly Request[]) =>
  chain.map(
    (request) =>
      `${request.method()} ${new URL(request.url()).pathname} ${Buffer.byteLength(request.postData() ?? '')}`,
  );

/** Each hop's Content-Type as Chromium sent it ("none" for none). */
const wireContentTypes = (chain: readonly Request[]) =>
  Promise.all(chain.map(async (request) => (await request.allHeaders())['content-type'] ?? 'none'));

/** One read of the page for all hops: a locator call per hop costs a round trip each, and a loop has 21. */
function serverHops(where: Locator): Promise<string[]> {
  return where
    .getByTestId('redirect-hop')
    .evaluateAll((hops) =>
      hops.map(
        (hop) =>
          `${hop.getAttribute('data-method') ?? ''} ${hop.getAttribute('data-path') ?? ''} ${hop.getAttribute('data-body-bytes') ?? ''}`,
      ),
    );
}

async function openDemo(page: Page): Promise<Locator> {
  await page.goto(PAGE);
  const demo = page.getByRole('region', {name: TITLE});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();
  return demo;
}

async function runExperiment(demo: Locator, name: string): Promise<Locator> {
  await demo.locator(`button[data-action="${name}"]`).click();
  const result = demo.locator(`[data-testid="redirect-experiment"][data-experiment="${name}"]`);
  await expect(result).toHaveAttribute('data-done', 'true');
  await expect(demo.locator('button[data-action="matrix"]')).toBeEnabled();
  return result;
}

test('the matrix, the experiments and the loop: the page, the wire and the server agree', async ({page}) => {
  // About 100 requests, 63 of them hops of the chains and the loop: it took 30.5 s at a load average of 13.
  test.setTimeout(60_000);
  const requests = watch(page);
  const demo = await openDemo(page);
  const bodyBytes = Buffer.byteLength(REDIRECT_BODY);
  const origin = new URL(page.url()).origin;

  await demo.locator('button[data-action="matrix"]').click();
  const rows = demo.getByTestId('redirect-row');
  await expect(rows).toHaveCount(REDIRECT_STATUSES.length * MATRIX_METHODS.length);
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-done', 'true');

  // The whole matrix as the page shows it, read at once: a locator call per cell costs a round trip each.
  const shown = await rows.evaluateAll((cells) =>
    cells.map((row) => {
      const text = (testId: string) => row.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
      const hops = [...row.querySelectorAll('[data-testid="redirect-hop"]')];
      return {
        row: `${row.getAttribute('data-method') ?? ''} ${row.getAttribute('data-status') ?? ''}`,
        hops: hops.map(
          (hop) =>
            `${hop.getAttribute('data-method') ?? ''} ${hop.getAttribute('data-path') ?? ''} ${hop.getAttribute('data-body-bytes') ?? ''}`,
        ),
        statuses: hops.map((hop) => hop.getAttribute('data-status')),
        contentTypes: hops.map((hop) => hop.getAttribute('data-content-type') || 'none'),
        redirected: text('redirect-cell-redirected'),
        status: text('redirect-cell-status'),
        target: text('redirect-cell-target'),
      };
    }),
  );
  const expectedRows = [];
  for (const status of REDIRECT_STATUSES) {
    for (const method of MATRIX_METHODS) {
      // Fetch standard, HTTP-redirect fetch: POST becomes GET, its body dropped, at 301, 302 and 303 alone.
      const keeps = method === 'GET' || status === 307 || status === 308;
      const followed = keeps ? method : 'GET';
      const hops = [
        `${method} ${ENDPOINTS.httpRedirect}/${status} ${method === 'POST' ? bodyBytes : 0}`,
        `${followed} ${ENDPOINTS.httpRedirect}/target ${followed === 'POST' ? bodyBytes : 0}`,
      ];
      // RFC 9110 §15.4 and the Fetch standard: the content's fields go with the body.
      const contentType = (hopMethod: string) => (hopMethod === 'POST' ? 'text/plain;charset=UTF-8' : 'none');
      const contentTypes = [contentType(method), contentType(followed)];
      const wire = chainFrom(requests, `${ENDPOINTS.httpRedirect}/${status}`, method);
      expect(wireHops(wire), `${method} ${status} on the wire`).toEqual(hops);
      expect(await wireContentTypes(wire), `${method} ${status}: Content-Type on the wire`).toEqual(contentTypes);
      // What the response to the last hop told Playwright is what the page read.
      const last = await wire.at(-1)?.response();
      expect(last?.status()).toBe(200);
      expect(await last?.json()).toMatchObject({method: followed});
      expectedRows.push({
        row: `${method} ${status}`,
        hops,
        statuses: [String(status), '200'],
        contentTypes,
        redirected: 'true',
        status: '200 /target',
        target: `${followed}, ${followed === 'POST' ? bodyBytes : 0} B`,
      });
    }
  }
  expect(shown).toEqual(expectedRows);

  // redirect: "manual": one request, answered 307; the page sees an opaque-redirect response with nothing in it.
  const manual = await runExperiment(demo, 'manual');
  await expect(manual.getByTestId('redirect-type')).toHaveText('"opaqueredirect"');
  await expect(manual.getByTestId('redirect-status')).toHaveText('0');
  await expect(manual.getByTestId('redirect-redirected')).toHaveText('false');
  await expect(manual.getByTestId('redirect-url')).toHaveText(`${ENDPOINTS.httpRedirect}/307`);
  await expect(manual.getByTestId('redirect-headers')).toHaveText('none');
  const manualWire = requests.filter(
    (request) => new URL(request.url()).pathname === `${ENDPOINTS.httpRedirect}/307` && request.method() === 'GET',
  );
  // Chromium's network events list the follow-up, aborted before it was sent: the server never received it.
  const notFollowed = manualWire.at(-1)?.redirectedTo();
  expect(notFollowed?.failure()?.errorText).toBe('net::ERR_ABORTED');
  expect(await notFollowed?.response()).toBeNull();
  expect(await serverHops(manual)).toEqual([`GET ${ENDPOINTS.httpRedirect}/307 0`]);
  await expect(manual.getByTestId('server-saw-response')).toContainText('Location: /http/redirect/target?attempt=');

  // redirect: "error": the same one request, and a TypeError.
  const error = await runExperiment(demo, 'error');
  await expect(error.getByTestId('redirect-error')).toHaveText('TypeError: Failed to fetch');
  expect(await serverHops(error)).toEqual([`GET ${ENDPOINTS.httpRedirect}/307 0`]);

  // Chains either side of the Fetch standard's 20.
  const atLimit = await runExperiment(demo, 'chainAtLimit');
  await expect(atLimit.getByTestId('redirect-status')).toHaveText('200');
  await expect(atLimit.getByTestId('redirect-redirected')).toHaveText('true');
  const atLimitWire = chainFrom(requests, `${ENDPOINTS.httpRedirect}/chain/${FETCH_REDIRECT_LIMIT}`, 'GET');
  expect(atLimitWire).toHaveLength(FETCH_REDIRECT_LIMIT + 1);
  expect(await serverHops(atLimit)).toEqual(wireHops(atLimitWire));

  const pastLimit = await runExperiment(demo, 'chainPastLimit');
  await expect(pastLimit.getByTestId('redirect-error')).toHaveText('TypeError: Failed to fetch');
  const pastLimitWire = chainFrom(requests, `${ENDPOINTS.httpRedirect}/chain/${FETCH_REDIRECT_LIMIT + 1}`, 'GET');
  expect(pastLimitWire).toHaveLength(FETCH_REDIRECT_LIMIT + 1);
  expect(pastLimitWire.at(-1)?.failure()?.errorText).toBe('net::ERR_TOO_MANY_REDIRECTS');
  expect(await serverHops(pastLimit)).toEqual(wireHops(pastLimitWire));

  // The loop: Chromium sent the first request and followed 20 redirects; the server counted all 21.
  const loop = await runExperiment(demo, 'loop');
  await expect(loop.getByTestId('redirect-error')).toHaveText('TypeError: Failed to fetch');
  const loopWire = chainFrom(requests, `${ENDPOINTS.httpRedirect}/loop`, 'GET');
  expect(loopWire).toHaveLength(FETCH_REDIRECT_LIMIT + 1);
  expect(loopWire.at(-1)?.failure()?.errorText).toBe('net::ERR_TOO_MANY_REDIRECTS');
  expect(await serverHops(loop)).toEqual(wireHops(loopWire));
  await expect(loop.getByTestId('redirect-hops-dropped')).toHaveCount(0);
  await expect(
    loop.getByRole('heading', {name: `What the server received: ${FETCH_REDIRECT_LIMIT + 1} requests`}),
  ).toBeVisible();
  expect(
    await loop.getByTestId('redirect-hop').evaluateAll((hops) => hops.map((hop) => hop.getAttribute('data-status'))),
  ).toEqual(Array.from({length: FETCH_REDIRECT_LIMIT + 1}, () => '302'));
  // Every hop is a CORS request: the server received Origin on each (Playwright's events lack the last one's).
  await loop.locator('details summary').click();
  const heads = await loop.getByTestId('server-saw-request').allTextContents();
  expect(heads).toHaveLength(FETCH_REDIRECT_LIMIT + 1);
  for (const head of heads) expect(head).toContain(`Origin: ${origin}`);

  // A streamed body has no source to send again (Fetch standard, step 4 of HTTP-redirect fetch), but Chromium 150
  // refuses to stream a request body over HTTP/1.1 at all, redirect or not: even straight to the target it fails.
  const target = new URL(`${ENDPOINTS.httpRedirect}/target`, loopWire[0]?.url()).href;
  expect(
    await page.evaluate(async (url) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('hello'));
          controller.close();
        },
      });
      try {
        // `duplex` is not in TypeScript's RequestInit yet; Chromium requires it with a stream.
        const init = {method: 'POST', body, duplex: 'half'} as RequestInit;
        return `resolved ${(await fetch(url, init)).status}`;
      } catch (error) {
        return String(error);
      }
    }, target),
  ).toBe('TypeError: Failed to fetch');
});

test('the matrix and the opaque-redirect result have no axe violation in light or dark mode', async ({browser}) => {
  test.setTimeout(90_000);
  const violations = await scanPages(browser, [PAGE], 'live', '[data-testid="redirect-matrix"]', async (page) => {
    const demo = page.getByRole('region', {name: TITLE});
    await demo.locator('button[data-action="matrix"]').click();
    await expect(demo.getByTestId('redirect-row').last()).toHaveAttribute('data-done', 'true');
    await demo.locator('button[data-action="manual"]').click();
    await expect(demo.getByTestId('redirect-experiment')).toHaveAttribute('data-done', 'true');
  });
  expect(violations).toEqual([]);
});
