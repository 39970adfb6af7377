/**
 * "Where the time goes": the demo's two requests against what Chromium saw on the wire (CDP: whether the connection
 * was reused, its id, the load timing) and the server's Server-Timing; then the same run without
 * Timing-Allow-Origin, whose entry must hide the marks; axe on the filled demo, light and dark.
 */
import {expect, test, type CDPSession, type Locator} from '@playwright/test';
import {axeViolations} from './accessibility.ts';

const ARTICLE = '/docs/http/timing';
const DEMO = 'section[aria-label="Where the time goes"]';
const DELAY_MS = 500;

interface Seen {
  url: string;
  connectionReused?: boolean;
  connectionId?: number;
  /** CDP's load timing: ms after requestTime (-1 for a phase that did not happen). */
  timing?: {connectStart: number; connectEnd: number; sendStart: number; receiveHeadersEnd: number};
}

async function watchTimed(cdp: CDPSession): Promise<() => Seen[]> {
  const seen = new Map<string, Seen>();
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', ({requestId, request}) => {
    if (new URL(request.url).pathname === '/http/timing') seen.set(requestId, {url: request.url});
  });
  cdp.on('Network.responseReceived', ({requestId, response}) => {
    const entry = seen.get(requestId);
    if (!entry) return;
    entry.connectionReused = response.connectionReused;
    entry.connectionId = response.connectionId;
    if (response.timing) entry.timing = response.timing;
  });
  return () => [...seen.values()];
}

/** The phases a card lists, by name, in ms. */
async function phases(card: Locator): Promise<Record<string, number>> {
  const items = await card
    .locator('li[data-phase]')
    .evaluateAll((lis) =>
      lis.map((li) => [li.getAttribute('data-phase') ?? '', Number(li.getAttribute('data-ms'))] as const),
    );
  return Object.fromEntries(items);
}

test('a new connection and a reused one, as CDP and the server saw them; then the zeros without Timing-Allow-Origin', async ({
  page,
}) => {
  const cdp = await page.context().newCDPSession(page);
  const timed = await watchTimed(cdp);
  await page.goto(ARTICLE);
  const demo = page.getByRole('region', {name: 'Where the time goes'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  await demo.getByLabel('Server waits').selectOption(String(DELAY_MS));
  await demo.getByLabel('Body').selectOption(String(16 * 1024));
  await demo.getByLabel('Sent at').selectOption('0');
  await demo.getByRole('button', {name: 'Time it twice'}).click();
  const fresh = demo.getByTestId('timing-fresh');
  const reused = demo.getByTestId('timing-reused');
  await expect(reused).toBeVisible({timeout: 10_000});

  // The server's count: request 1 on a connection, then request 2 on the same one.
  const freshServer = fresh.getByTestId('timing-fresh-server');
  const reusedServer = reused.getByTestId('timing-reused-server');
  await expect(freshServer).toHaveAttribute('data-request', '1');
  await expect(reusedServer).toHaveAttribute('data-request', '2');
  const connection = await freshServer.getAttribute('data-connection');
  await expect(reusedServer).toHaveAttribute('data-connection', connection ?? '');

  // CDP agrees: the last two requests, the first on a new connection, the second reusing it.
  const wire = timed();
  const [a, b] = wire.slice(-2);
  expect(wire.slice(0, -2).every((request) => request.url.includes('close=1'))).toBe(true);
  expect(a?.connectionReused).toBe(false);
  expect(b?.connectionReused).toBe(true);
  expect(b?.connectionId).toBe(a?.connectionId);
  expect(b?.timing?.connectStart).toBe(-1);

  const freshPhases = await phases(fresh);
  const reusedPhases = await phases(reused);
  // The page's connect phase is CDP's, to a tenth of a millisecond's rounding; none on the reused connection.
  expect(Math.abs(freshPhases.connect! - (a!.timing!.connectEnd - a!.timing!.connectStart))).toBeLessThan(0.2);
  expect(reusedPhases.connect).toBe(0);
  expect(reusedPhases.dns).toBe(0);
  // First byte: at least the server's hold, and CDP's send-to-headers within a millisecond.
  for (const [shown, request] of [
    [freshPhases, a],
    [reusedPhases, b],
  ] as const) {
    expect(shown.firstByte).toBeGreaterThanOrEqual(DELAY_MS);
    expect(Math.abs(shown.firstByte! - (request!.timing!.receiveHeadersEnd - request!.timing!.sendStart))).toBeLessThan(
      1.5,
    );
  }

  // Without Timing-Allow-Origin: the phases are hidden and the marks read 0.
  await demo.getByLabel('Send Timing-Allow-Origin').uncheck();
  await demo.getByRole('button', {name: 'Time it twice'}).click();
  await expect(fresh.getByTestId('timing-fresh-hidden')).toBeVisible({timeout: 10_000});
  await expect(reused.getByTestId('timing-reused-hidden')).toBeVisible();
  await expect(freshServer).toContainText('serverTiming is empty');
  const raw = demo.getByTestId('timing-raw');
  for (const attribute of ['domainLookupStart', 'connectStart', 'requestStart', 'responseStart', 'encodedBodySize']) {
    await expect(raw.locator(`tr[data-attribute="${attribute}"]`)).toHaveAttribute('data-fresh', '0');
    await expect(raw.locator(`tr[data-attribute="${attribute}"]`)).toHaveAttribute('data-reused', '0');
  }
  const responseEnd = Number(await raw.locator('tr[data-attribute="responseEnd"]').getAttribute('data-fresh'));
  const startTime = Number(await raw.locator('tr[data-attribute="startTime"]').getAttribute('data-fresh'));
  expect(responseEnd - startTime).toBeGreaterThanOrEqual(DELAY_MS);

  for (const mode of ['light', 'dark'] as const) {
    await page.evaluate((theme) => document.documentElement.setAttribute('data-theme', theme), mode);
    expect(await axeViolations(page, `${ARTICLE} (${mode}, both runs shown)`, DEMO)).toEqual([]);
  }
});
