/**
 * "Compression and negotiation": the demo's figures against what Chromium saw on the wire (CDP's Network domain:
 * the request's own Accept-Encoding, the response's Content-Encoding and Content-Length, the bytes received) and
 * the server's record of each answer; then axe on the filled demo, light and dark.
 */
import {expect, test, type CDPSession} from '@playwright/test';
import {axeViolations} from './accessibility.ts';

const ARTICLE = '/docs/http/compression';
const DOCUMENT_BYTES = 28_336;
const DEMO = 'section[aria-label="Compression and negotiation"]';

interface Seen {
  url: string;
  acceptEncoding?: string;
  contentEncoding?: string;
  contentLength?: number;
  /** Everything received for the request: response head and body, as Chromium counted it. */
  encodedDataLength?: number;
}

/** The document requests the page makes, as CDP saw them. */
async function watchDocuments(cdp: CDPSession): Promise<() => Seen[]> {
  const seen = new Map<string, Seen>();
  // The headers as sent on the wire, forbidden ones included (requestWillBeSent has only what script set); CDP may
  // report them before or after the request itself.
  const sentHeaders = new Map<string, Record<string, string>>();
  const received = new Map<string, Record<string, string>>();
  const lengths = new Map<string, number>();
  const lower = (headers: Record<string, string>) =>
    Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', ({requestId, request}) => {
    if (request.url.includes('/http/negotiate/document')) seen.set(requestId, {url: request.url});
  });
  cdp.on('Network.requestWillBeSentExtraInfo', ({requestId, headers}) => sentHeaders.set(requestId, lower(headers)));
  cdp.on('Network.responseReceived', ({requestId, response}) => received.set(requestId, lower(response.headers)));
  cdp.on('Network.loadingFinished', ({requestId, encodedDataLength}) => lengths.set(requestId, encodedDataLength));
  return () =>
    [...seen].map(([requestId, {url}]) => ({
      url,
      acceptEncoding: sentHeaders.get(requestId)?.['accept-encoding'],
      contentEncoding: received.get(requestId)?.['content-encoding'],
      contentLength: Number(received.get(requestId)?.['content-length']),
      encodedDataLength: lengths.get(requestId),
    }));
}

test('five ways: each figure on the page matches what Chromium received and what the server wrote', async ({page}) => {
  const cdp = await page.context().newCDPSession(page);
  const documents = await watchDocuments(cdp);
  await page.goto(ARTICLE);
  const demo = page.getByRole('region', {name: 'Compression and negotiation'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  await demo.getByRole('button', {name: 'Fetch it five ways'}).click();
  const rows = demo.getByTestId('negotiation-run');
  await expect(rows).toHaveCount(5);
  await expect(demo.getByRole('button', {name: 'Fetch it five ways'})).toBeEnabled();

  const shown = await rows.evaluateAll((trs) =>
    trs.map((tr) => Object.fromEntries(tr.getAttributeNames().map((name) => [name, tr.getAttribute(name) ?? '']))),
  );
  const wire = documents();
  expect(wire).toHaveLength(5);
  expect(shown.map((row) => row['data-asked'])).toEqual(['identity', 'gzip', 'zstd', 'br', 'auto']);
  // Over http://localhost, Chromium 150 offers br and zstd (measured: npm run bench:compression).
  for (const request of wire) expect(request.acceptEncoding).toBe('gzip, deflate, br, zstd');
  expect(shown.map((row) => row['data-coding'])).toEqual(['identity', 'gzip', 'zstd', 'br', 'br']);

  for (const [index, row] of shown.entries()) {
    const request = wire[index]!;
    expect(request.url, 'the rows are in request order').toContain(`coding=${row['data-asked']}`);
    expect(request.contentEncoding ?? 'identity').toBe(row['data-coding']);
    const body = Number(row['data-body']);
    // The server's body, the field it sent, the browser's encodedBodySize: one number.
    expect(request.contentLength).toBe(body);
    expect(Number(row['data-encoded'])).toBe(body);
    // Everything Chromium received for the response is what the server counted on its socket, to the byte.
    expect(request.encodedDataLength).toBe(Number(row['data-written']));
    expect(Number(row['data-written'])).toBe(Number(row['data-head']) + body);
    // transferSize is encodedBodySize plus a constant 300, not the head's real size (W3C Resource Timing).
    expect(Number(row['data-transfer'])).toBe(body + 300);
    expect(Number(row['data-decoded'])).toBe(DOCUMENT_BYTES);
    expect(Number(row['data-script'])).toBe(DOCUMENT_BYTES);
    if (row['data-coding'] !== 'identity') expect(body).toBeLessThan(DOCUMENT_BYTES / 2);
  }
  await expect(demo.getByTestId('negotiation-accept-encoding')).toHaveText('Accept-Encoding: gzip, deflate, br, zstd');

  // One URL, cacheable for a minute, fetched twice: the server received one request, Chromium answered the other.
  const served: boolean[] = [];
  cdp.on('Network.responseReceived', ({response}) => {
    if (response.url.includes('cache=60')) served.push(response.fromDiskCache === true);
  });
  await demo.getByRole('button', {name: 'Fetch it twice, cacheable'}).click();
  const cached = demo.getByTestId('negotiation-cached');
  await expect(cached).toHaveAttribute('data-requests', '1');
  await expect(cached).toHaveAttribute('data-second-transfer', '0');
  expect(Number(await cached.getAttribute('data-first-transfer'))).toBeGreaterThan(300);
  expect(served).toEqual([false, true]);

  for (const mode of ['light', 'dark'] as const) {
    await page.evaluate((theme) => document.documentElement.setAttribute('data-theme', theme), mode);
    expect(await axeViolations(page, `${ARTICLE} (${mode}, five runs shown)`, DEMO)).toEqual([]);
  }
});
