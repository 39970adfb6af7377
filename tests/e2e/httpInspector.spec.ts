/**
 * The HTTP inspector in Chromium, one page load: what the page shows of each request and response, byte for byte,
 * against what Chromium reported on the wire (its DevTools protocol: the request's header fields as sent, the
 * response head's text as received) and against the server's record; the forbidden headers the browser drops; the
 * trailer it does not pass to the page; and keep-alive against `Connection: close`, by the client port.
 */
import {expect, test, type Locator, type Page} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {HttpInspectRecord} from '../../demo-server/src/contract/httpInspect.ts';
import {check} from '../../demo-server/src/contract/schema.ts';

/** What Chromium's DevTools protocol reported of the requests under the inspector's prefix, by URL and method. */
interface WireExchange {
  url: string;
  method: string;
  /** Header fields as Chromium sent them (requestWillBeSentExtraInfo). */
  requestHeaders: Record<string, string> | null;
  /** The response head as Chromium received it (responseReceivedExtraInfo headersText). */
  responseHead: string | null;
}

async function watchWire(page: Page): Promise<() => WireExchange[]> {
  const exchanges = new Map<string, WireExchange>();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const entry = (id: string) => {
    const found = exchanges.get(id) ?? {url: '', method: '', requestHeaders: null, responseHead: null};
    exchanges.set(id, found);
    return found;
  };
  cdp.on('Network.requestWillBeSent', ({requestId, request}) => {
    const found = entry(requestId);
    found.url = request.url;
    found.method = request.method;
  });
  cdp.on('Network.requestWillBeSentExtraInfo', ({requestId, headers}) => {
    entry(requestId).requestHeaders = {...headers};
  });
  cdp.on('Network.responseReceivedExtraInfo', ({requestId, headersText}) => {
    entry(requestId).responseHead = headersText ?? null;
  });
  return () => [...exchanges.values()];
}

/** The bytes a message's parts show, as text: CR LF for each line end shown, a body's escapes undone, counts left out. */
async function shownBytes(message: Locator): Promise<string> {
  return message.locator('li').evaluateAll((items) =>
    items
      .map((item) => {
        const button = item.querySelector('button');
        if (button === null) return '';
        const copy = button.cloneNode(true) as HTMLElement;
        for (const hidden of copy.querySelectorAll('.sr-only, [class*="decimal"]')) hidden.remove();
        for (const crlf of copy.querySelectorAll('[data-crlf]')) crlf.textContent = '\r\n';
        const text = copy.textContent;
        const kind = item.getAttribute('data-kind');
        return kind === 'body' || kind === 'chunk-data' ? text.replace(/\\r/g, '\r').replace(/\\n/g, '\n') : text;
      })
      .join(''),
  );
}

const latin1 = (base64: string | null) => Buffer.from(base64 ?? '', 'base64').toString('latin1');

/** The field lines of a request head, name to value. */
function fieldsOf(head: string): Record<string, string> {
  const lines = head.split('\r\n\r\n')[0]?.split('\r\n').slice(1) ?? [];
  return Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

test('shows the bytes Chromium sent and the server wrote, and what the browser added, dropped and hid', async ({
  page,
}) => {
  const wire = await watchWire(page);
  await page.goto('/docs/http/messages');
  const demo = page.getByRole('region', {name: 'HTTP inspector'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();

  /** Sends the form as it is; returns the run's result, the server's record and Chromium's view of the request. */
  const send = async (n: number) => {
    await demo.getByTestId('send').click();
    const result = demo.locator(`[data-testid="inspected"][data-run="${n}"]`);
    await expect(result.locator('[data-message="response"]')).toBeVisible();
    const url = (await result.getByTestId('request-url').textContent()) ?? '';
    const id = new URL(url).pathname.split('/')[3] ?? '';
    const answer = await page.request.get(new URL(`${ENDPOINTS.httpInspect}/sessions/${id}`, url).toString());
    const checked = check(HttpInspectRecord, await answer.json());
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    const record = checked.value;
    const exchange = record.exchanges.find((candidate) => candidate.method !== 'OPTIONS');
    if (exchange === undefined) throw new Error('no exchange recorded');
    const seen = wire().filter((candidate) => candidate.url === url);
    return {result, url, record, exchange, seen, port: Number(await result.getByTestId('client-port').textContent())};
  };

  await test.step('the default request: Content-Length body, chunked answer with a trailer', async () => {
    const run = await send(1);
    const request = latin1(run.exchange.request);
    const response = latin1(run.exchange.response);
    // The page shows the server's record to the byte.
    expect(await shownBytes(run.result.locator('[data-message="request"]'))).toBe(request);
    expect(await shownBytes(run.result.locator('[data-message="response"]'))).toBe(response);
    // And the record is what Chromium says it sent and received: every header field, name and value as sent,
    // and the response head's text exactly.
    const sent = run.seen.find((candidate) => candidate.method === 'POST');
    expect(sent?.requestHeaders).toEqual(fieldsOf(request));
    expect(request).toMatch(/^POST \/http\/inspect\/[\w-]{16}\/notes\?lang=en HTTP\/1\.1\r\n/);
    expect(request.endsWith('\r\n\r\nHello, server!')).toBe(true);
    expect(sent?.responseHead).toBe(`${response.split('\r\n\r\n')[0] ?? ''}\r\n\r\n`);
    // A safelisted Content-Type and POST: no preflight.
    expect(run.seen.map((candidate) => candidate.method)).toEqual(['POST']);
    // The trailer is on the wire, but not among the headers fetch gives the page.
    expect(response).toMatch(/\r\n0\r\nServer-Timing: app;dur=\d+\r\n\r\n$/);
    await expect(run.result.getByTestId('page-saw')).toContainText('cache-control, content-type)');
    await expect(run.result.getByTestId('page-saw')).toContainText('does not pass trailers');
    // Chunk sizes in hex and decimal, and the arithmetic to do.
    const sizes = run.result.locator('[data-message="response"] li[data-kind="chunk-size"]');
    await expect(sizes).toHaveCount(3);
    const contentBytes = [...response.matchAll(/\r\n([0-9a-f]+)\r\n/g)]
      .map((match) => parseInt(match[1] ?? '0', 16))
      .reduce((sum, size) => sum + size, 0);
    await run.result.getByLabel('Your answer').fill(String(contentBytes));
    await run.result.getByRole('button', {name: 'Check'}).click();
    await expect(run.result.getByText(`Right: ${contentBytes}.`)).toBeVisible();
    // Every part explains itself to the keyboard: focus shows the note with its section.
    await run.result.locator('[data-message="response"] li[data-kind="last-chunk"] button').focus();
    await expect(run.result.getByText('Source: RFC 9112 §7.1', {exact: true})).toBeVisible();
    expect(run.port).toBe(run.record.createdOnPort);
  });

  await test.step('forbidden headers: dropped without an error, the browser writes its own', async () => {
    await demo.getByTestId('add-forbidden').click();
    const run = await send(2);
    await expect(run.result.getByTestId('dropped')).toContainText('Host, Cookie, Connection, User-Agent');
    const fields = fieldsOf(latin1(run.exchange.request));
    expect(fields.Host).toBe(new URL(run.url).host);
    expect(fields.Connection).toBe('keep-alive');
    expect(fields.Cookie).toBeUndefined();
    expect(fields['User-Agent']).toMatch(/Chrome\//);
    expect(run.seen.find((candidate) => candidate.method === 'POST')?.requestHeaders).toEqual(fields);
    // The guard does the refusing: a Headers object of no Request keeps all four.
    const kept = await page.evaluate(() => {
      const headers = new Headers({Host: 'a', Cookie: 'b', Connection: 'c', 'User-Agent': 'd'});
      return [...headers.keys()].sort();
    });
    expect(kept).toEqual(['connection', 'cookie', 'host', 'user-agent']);
    // Kept alive: the request went on the connection that had just carried the request making the inspection.
    expect(run.port).toBe(run.record.createdOnPort);
  });

  await test.step('a preflighted request with Connection: close, then a new connection', async () => {
    await demo.getByRole('button', {name: /Remove header \d \(Host\)/}).click();
    await demo.getByRole('button', {name: /Remove header \d \(Cookie\)/}).click();
    await demo.getByRole('button', {name: /Remove header \d \(Connection\)/}).click();
    await demo.getByRole('button', {name: /Remove header \d \(User-Agent\)/}).click();
    await demo.getByRole('button', {name: 'Add a header'}).click();
    await demo.getByLabel('Header 2 name').fill('X-Demo');
    await demo.getByLabel('Header 2 value').fill('1');
    await demo.getByLabel('Content-Length', {exact: true}).check();
    await demo.getByLabel('Connection: close', {exact: true}).check();
    const closing = await send(3);
    const response = latin1(closing.exchange.response);
    expect(response).toMatch(/\r\nConnection: close\r\n/);
    expect(response).toMatch(/\r\nContent-Length: \d+\r\n/);
    expect(await shownBytes(closing.result.locator('[data-message="response"]'))).toBe(response);
    expect(closing.seen.map((candidate) => candidate.method).sort()).toEqual(['OPTIONS', 'POST']);
    const preflight = closing.record.exchanges.find((candidate) => candidate.method === 'OPTIONS');
    expect(preflight?.clientPort).toBe(closing.port);
    expect(closing.seen.find((candidate) => candidate.method === 'OPTIONS')?.responseHead).toBe(
      `${latin1(preflight?.response ?? null).split('\r\n\r\n')[0] ?? ''}\r\n\r\n`,
    );
    await closing.result.getByText(/The preflight your browser sent first/).click();
    await expect(closing.result.locator('[data-message="preflight"]')).toBeVisible();

    expect(closing.port).toBe(closing.record.createdOnPort);
    // The server closed that connection: the next run's requests cannot come on it.
    const after = await send(4);
    expect(after.port).not.toBe(closing.port);
    expect(after.record.createdOnPort).not.toBe(closing.port);
  });
});
