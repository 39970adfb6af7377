/** The REST section: the playground, the API reference and one demo per constraint, against a real demo server. */
import {expect, test, type Worker} from '@playwright/test';
import {E2E_DEMO_SERVER_URL, E2E_SITE_URL} from './ports.ts';

test('the playground sends a request and shows the request as the server received it beside the response', async ({
  page,
}) => {
  await page.goto('/docs/rest/what-rest-is');
  const demo = page.getByRole('region', {name: 'REST Playground'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');

  // The root, as typed.
  await demo.getByRole('button', {name: 'Send'}).click();
  const received = demo.getByTestId('recorded-request');
  await expect(received).toContainText('GET /api HTTP/1.1');
  await expect(received).toContainText(/accept: application\/json/i);
  await expect(received).toContainText(/origin: http:\/\/localhost:\d+/i);
  const response = demo.getByTestId('response');
  await expect(response).toContainText('HTTP/1.1 200 OK');
  await expect(response).toContainText('"sandboxes"');

  // Presets fill in the reader's own sandbox: read a note, then read it again conditionally.
  await demo.getByLabel('Preset').selectOption({label: 'Read a note'});
  await expect(demo.getByText(/Expect: 200 with a strong ETag/)).toBeVisible();
  await demo.getByRole('button', {name: 'Send'}).click();
  await expect(response).toContainText('HTTP/1.1 200 OK');
  await expect(response).toContainText(/etag: "/i);
  const etag = /etag: ("[^"]+")/i.exec((await response.textContent()) ?? '')?.[1];
  expect(etag).toBeDefined();

  await demo.getByLabel('Preset').selectOption({label: 'Read it again, conditionally'});
  await expect(demo.getByLabel('Headers (one per line)')).toHaveValue(new RegExp(`If-None-Match: ${etag}`));
  await demo.getByRole('button', {name: 'Send'}).click();
  await expect(response).toContainText('HTTP/1.1 304 Not Modified');
  await expect(received).toContainText(`If-None-Match: ${etag!}`, {ignoreCase: true});

  // A lost update, by keyboard alone: choose the preset, tab to Send, press Enter.
  await demo.getByLabel('Preset').selectOption({label: 'A lost update, refused'});
  await demo.getByLabel('Path').focus();
  await page.keyboard.press('Enter');
  await expect(response).toContainText('HTTP/1.1 412 Precondition Failed');
  await expect(received).toContainText(/^PUT \/api\/sandboxes\/[\w-]+\/notes\/1 HTTP\/1\.1/);
  await expect(received).toContainText('"title": "Overwritten?"');
});

test('the API reference lists every endpoint from the OpenAPI description', async ({page}) => {
  await page.goto('/docs/rest/api-reference');
  const main = page.locator('main');
  for (const signature of [
    'GET /api',
    'POST /api/sandboxes/{sandbox}/notes',
    'PATCH /api/sandboxes/{sandbox}/notes/{note}',
    'GET /events/stream',
    'GET /ws/events',
  ]) {
    await expect(main.getByRole('heading', {name: signature, exact: true})).toBeVisible();
  }
  await expect(main.getByRole('heading', {name: 'ProblemDetails'})).toBeVisible();
});

test('stateless or not: the session cart fails on the other replica, the carried cart works on both', async ({
  page,
}) => {
  await page.goto('/docs/rest/stateless');
  const demo = page.getByRole('region', {name: 'Stateless or not'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');

  await demo.getByRole('button', {name: 'Log in'}).click();
  const stateful = demo.getByRole('list', {name: 'Requests to the session cart, newest first'}).locator('li');
  await expect(stateful).toHaveCount(1);
  const home = await stateful.first().getAttribute('data-replica');
  for (let i = 0; i < 4; i += 1) {
    await demo.getByRole('button', {name: 'Add to the session cart'}).click();
    await expect(stateful).toHaveCount(i + 2);
  }
  const rows = await stateful.evaluateAll((lis) =>
    lis.map((li) => ({replica: li.getAttribute('data-replica'), status: Number(li.getAttribute('data-status'))})),
  );
  // Newest first: the four adds alternate between the replicas; only the one holding the session says yes.
  for (const row of rows.slice(0, 4)) expect(row.status).toBe(row.replica === home ? 200 : 401);
  expect(new Set(rows.map((row) => row.replica)).size).toBe(2);
  await expect(stateful.filter({hasText: 'has no session'}).first()).toBeVisible();

  const stateless = demo.getByRole('list', {name: 'Requests to the carried cart, newest first'}).locator('li');
  for (let i = 0; i < 4; i += 1) {
    await demo.getByRole('button', {name: 'Add to the carried cart'}).click();
    await expect(stateless).toHaveCount(i + 1);
  }
  const carried = await stateless.evaluateAll((lis) =>
    lis.map((li) => ({replica: li.getAttribute('data-replica'), status: Number(li.getAttribute('data-status'))})),
  );
  expect(carried.every((row) => row.status === 200)).toBe(true);
  expect(new Set(carried.map((row) => row.replica)).size).toBe(2);
});

test('the link explorer reaches a note from the root by links and Allow alone', async ({page}) => {
  const built: string[] = [];
  await page.goto('/docs/rest/uniform-interface');
  const demo = page.getByRole('region', {name: 'Link explorer'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  const representation = demo.getByTestId('representation');
  await expect(representation).toContainText('"sandboxes"');
  // What the demo asks the demo server; the site's own scripts and images, which a loaded machine may still be
  // fetching, are not the demo's.
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === E2E_DEMO_SERVER_URL) built.push(url.pathname);
  });

  const links = demo.getByRole('region', {name: 'Links in this representation'});
  await links.getByRole('button', {name: /sandboxes/}).click();
  await expect(demo.getByRole('list', {name: 'Where you have been'})).toContainText('GET /api/sandboxes → 405');
  await links.getByRole('button', {name: 'POST /api/sandboxes'}).click();
  await expect(demo.getByRole('list', {name: 'Where you have been'})).toContainText('POST /api/sandboxes → 201');
  // The 201's body is the new sandbox, its Location the same URI as its self link.
  await expect(links.getByRole('button', {name: /^self/})).toBeVisible();
  await links.getByRole('button', {name: /^notes/}).click();
  await links.getByRole('button', {name: /^item REST is a style/}).click();
  await expect(representation).toContainText('"title": "REST is a style"');
  // Every URI it asked for came from a previous answer: root, then links and Location.
  expect(built.length).toBeGreaterThan(0);
  expect(
    built.filter((path) => !path.startsWith('/api/')),
    'requests outside /api/',
  ).toEqual([]);
  await demo.getByRole('button', {name: 'Back'}).click();
  await expect(representation).toContainText('"count": 3');
});

test('two clients, one resource: a change made by another client (Node, here) reaches the page', async ({page}) => {
  await page.goto('/docs/rest/client-server');
  const demo = page.getByRole('region', {name: 'Two clients, one resource'});
  await expect(demo.getByTestId('note-card')).toContainText('REST is a style');
  await expect(demo.getByTestId('checks')).toContainText(/[1-9]\d* × 304 Not Modified/, {timeout: 8_000});

  // The curl command names the note's full URL; another client changes it exactly as shown.
  const command = (await demo.getByLabel('curl command that changes the note').textContent()) ?? '';
  const target = /PATCH '([^']+)'/.exec(command)?.[1];
  expect(target).toMatch(/\/api\/sandboxes\/[\w-]+\/notes\/1$/);
  const change = await fetch(target!, {
    method: 'PATCH',
    headers: {'Content-Type': 'application/merge-patch+json'},
    body: JSON.stringify({title: 'Changed from a terminal'}),
  });
  expect(change.status).toBe(200);
  await expect(demo.getByTestId('note-card')).toContainText('Changed from a terminal', {timeout: 5_000});
  await expect(demo.getByTestId('checks')).toHaveAttribute('data-changed', '1');

  await demo.getByLabel('New title').fill('Changed from this page');
  await demo.getByRole('button', {name: 'Change it from this page'}).click();
  await expect(demo.getByTestId('note-card')).toContainText('Changed from this page');
});

test('code on demand: the shipped validator runs sandboxed, agrees with the server, and the page works without it', async ({
  page,
  context,
}) => {
  // A cookie of the site, to see which requests carry it.
  await context.addCookies([{name: 'otw-reader', value: 'site-cookie', url: E2E_SITE_URL, sameSite: 'Lax'}]);
  const workers: Worker[] = [];
  page.on('worker', (worker) => workers.push(worker));
  // The probes' requests to this page (HEAD), as Chromium sends them; routed so their Origin header is known.
  // Routed on the context, not the page: with the CPU busy, a page route missed the sandboxed frame's worker's
  // request now and then (1 in 6 runs, on the first test of a fresh browser, old and new builds alike), a context
  // route saw it in 14 of 14.
  const pageRequests: {origin: string | undefined; cookie: string | undefined}[] = [];
  await context.route('**/docs/rest/code-on-demand', (route) => {
    const request = route.request();
    if (request.method() === 'HEAD') {
      const headers = request.headers();
      pageRequests.push({origin: headers.origin, cookie: headers.cookie});
    }
    return route.continue();
  });
  await page.goto('/docs/rest/code-on-demand');
  const demo = page.getByRole('region', {name: 'Code on demand'});
  await expect(demo.getByTestId('shipped-code')).toBeAttached();
  const verdict = demo.getByTestId('client-verdict');
  // Empty title and a capitalised tag: the shipped code finds both.
  await expect(verdict).toContainText('"title" must be a non-empty string');
  await expect(verdict).toContainText('each tag must be');

  // Measured in the browser: the sandboxed worker has an opaque origin and reaches none of the site's storage,
  // nor a readable answer from the site; the worker the page made from a blob: URL reaches all of them.
  const reach = demo.getByTestId('reach');
  const sandboxed = (probe: string) => reach.locator(`tr[data-probe="${probe}"] td`).nth(0);
  const pageWorker = (probe: string) => reach.locator(`tr[data-probe="${probe}"] td`).nth(1);
  for (const probe of ['origin', 'indexedDB', 'cacheStorage', 'pageRequest']) {
    await expect(sandboxed(probe)).toHaveAttribute('data-reached', 'false');
    await expect(pageWorker(probe)).toHaveAttribute('data-reached', 'true');
  }
  await expect(sandboxed('origin')).toContainText('(null)');
  await expect(pageWorker('origin')).toContainText(`(${E2E_SITE_URL})`);
  await expect(pageWorker('pageRequest')).toContainText('answered 200');
  for (const probe of ['document']) {
    await expect(sandboxed(probe)).toHaveAttribute('data-reached', 'false');
    await expect(pageWorker(probe)).toHaveAttribute('data-reached', 'false');
  }
  // The sandboxed request went out cross-origin, as Origin: null, without the site's SameSite=Lax cookie; the
  // page's worker's same-origin request carried it.
  await expect.poll(() => pageRequests.length).toBe(2);
  expect(pageRequests).toContainEqual({origin: 'null', cookie: undefined});
  expect(pageRequests).toContainEqual({origin: undefined, cookie: 'otw-reader=site-cookie'});
  // Both were dedicated workers started from blob: URLs; the sandbox's blob: URL has the opaque origin.
  expect(workers.map((worker) => new URL(worker.url()).protocol)).toEqual(['blob:', 'blob:']);
  expect(workers.some((worker) => worker.url().startsWith('blob:null/'))).toBe(true);

  await demo.getByRole('button', {name: 'Save the note'}).click();
  await expect(demo.getByTestId('server-verdict')).toContainText('422');
  await expect(demo.getByTestId('server-verdict')).toContainText('"title" must be a non-empty string');

  await demo.getByLabel('Title').fill('A good note');
  await demo.getByLabel('Tags, separated by commas').fill('demo, code-on-demand');
  await expect(verdict).toContainText('finds nothing wrong');

  // Switched off: the sandbox and its worker are gone, and the page still saves (the server checks).
  const sandboxWorker = workers.find((worker) => worker.url().startsWith('blob:null/'));
  const ended = sandboxWorker ? new Promise<void>((resolve) => sandboxWorker.once('close', () => resolve())) : null;
  await demo.getByLabel('Run the downloaded validator (in a worker inside a sandboxed iframe)').uncheck();
  await expect(verdict).toContainText('No downloaded code');
  await expect(page.locator('iframe[sandbox]')).toHaveCount(0);
  await ended;
  await expect(sandboxed('origin')).toContainText('Not running');
  await demo.getByRole('button', {name: 'Save the note'}).click();
  await expect(demo.getByTestId('server-verdict')).toContainText('201');
});

test('code on demand: at 360 px, in dark mode, the demo and its reach table fit without sideways scrolling', async ({
  page,
}) => {
  await page.setViewportSize({width: 360, height: 740});
  await page.emulateMedia({colorScheme: 'dark'});
  await page.goto('/docs/rest/code-on-demand');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const demo = page.getByRole('region', {name: 'Code on demand'});
  await expect(demo.locator('tr[data-probe="pageRequest"] td').nth(0)).toHaveAttribute('data-reached', 'false');
  await expect(demo.locator('tr[data-probe="pageRequest"] td').nth(1)).toHaveAttribute('data-reached', 'true');
  const widths = await demo.evaluate((element) => ({
    demo: element.scrollWidth - element.clientWidth,
    page: document.documentElement.scrollWidth - window.innerWidth,
  }));
  expect(widths).toEqual({demo: 0, page: 0});
});

test('a cache in between: a miss, then a hit with Age that never reached the origin; a change through it invalidates', async ({
  page,
}) => {
  await page.goto('/docs/rest/cacheable');
  const demo = page.getByRole('region', {name: 'A cache in between'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  const rows = demo.getByRole('region', {name: 'Requests, newest first'}).locator('tbody tr');
  const summary = demo.getByTestId('cache-summary');

  await demo.getByRole('button', {name: 'GET the note through the cache'}).click();
  await expect(rows.first()).toHaveAttribute('data-cache-status', 'otw-cache; fwd=uri-miss; fwd-status=200; stored');
  await page.waitForTimeout(1_100);
  await demo.getByRole('button', {name: 'GET the note through the cache'}).click();
  await expect(rows.first()).toHaveAttribute('data-cache-status', /^otw-cache; hit; ttl=\d+$/);
  await expect(rows.first()).toContainText('1.1 otw-cache');
  await expect(summary).toHaveAttribute('data-through', '2');
  await expect(summary).toHaveAttribute('data-reached', '1');

  // Direct: no Via, no Cache-Status (and another ETag: the body's links name the origin, not the cache).
  await demo.getByRole('button', {name: 'GET it from the origin directly'}).click();
  await expect(rows.first()).toHaveAttribute('data-route', 'direct');
  await expect(rows.first()).toHaveAttribute('data-cache-status', '');

  await demo.getByRole('button', {name: 'Change it through the cache'}).click();
  await expect(rows.first()).toHaveAttribute('data-cache-status', 'otw-cache; fwd=method; fwd-status=200');
  await demo.getByRole('button', {name: 'GET the note through the cache'}).click();
  await expect(rows.first()).toHaveAttribute('data-cache-status', /fwd=uri-miss/);
  await expect(rows.first()).toContainText('Changed through the cache');
});
