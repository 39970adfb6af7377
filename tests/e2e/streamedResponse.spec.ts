/**
 * "Streaming a response as model APIs do" in Chromium: the chunks the page shows against what Chromium's DevTools
 * protocol saw arrive for the POST (`Network.dataReceived`), the events its EventSource dispatched against
 * `Network.eventSourceMessageReceived`, both against the stream the server planned, then a stopped stream against
 * the server's record of it, and axe on the demo in both colour modes. One page load.
 */
import {expect, test, type CDPSession, type Locator} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {STREAM_LIMITS} from '../../demo-server/src/limits.ts';
import {planStream, passageFor, tokensOf} from '../../demo-server/src/routes/streamedResponse.ts';
import {cutOf} from '../../src/components/StreamedResponse/chunks.ts';
import {createEventStreamParser} from '../../src/lib/eventStream.ts';
import {axeViolations, COLOUR_MODES} from './accessibility.ts';
import {E2E_DEMO_SERVER_URL} from './ports.ts';

const ARTICLE = '/docs/http/streaming-responses';
const PROMPT = 'How do the chunks line up with the events?';
const TOKENS = 24;

/** What Chromium reported about requests to /http/stream. */
class Wire {
  /** Request id → method. */
  methods = new Map<string, string>();
  /** Decoded bytes each `dataReceived` event reported, by request id. */
  received = new Map<string, number[]>();
  /** What `eventSourceMessageReceived` reported, in order. */
  messages: {eventName: string; eventId: string; data: string}[] = [];
  canceled = new Set<string>();

  static async watch(cdp: CDPSession): Promise<Wire> {
    const wire = new Wire();
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', ({requestId, request}) => {
      if (new URL(request.url).pathname === ENDPOINTS.streamedResponse) wire.methods.set(requestId, request.method);
    });
    cdp.on('Network.dataReceived', ({requestId, dataLength}) => {
      if (!wire.methods.has(requestId)) return;
      wire.received.set(requestId, [...(wire.received.get(requestId) ?? []), dataLength]);
    });
    cdp.on('Network.eventSourceMessageReceived', ({requestId, eventName, eventId, data}) => {
      if (wire.methods.has(requestId)) wire.messages.push({eventName, eventId, data});
    });
    cdp.on('Network.loadingFailed', ({requestId, canceled}) => {
      if (wire.methods.has(requestId) && canceled === true) wire.canceled.add(requestId);
    });
    return wire;
  }

  /** The requests sent with `method`, newest last. */
  ids(method: string): string[] {
    return [...this.methods].filter(([, m]) => m === method).map(([id]) => id);
  }
}

async function chunkBytes(demo: Locator): Promise<number[]> {
  return (await demo.getByTestId('fetch-chunk').evaluateAll((items) => items.map((item) => item.dataset.bytes))).map(
    Number,
  );
}

test('the page’s chunks and events match what Chromium saw, and a stop matches what the server saw', async ({page}) => {
  const wire = await Wire.watch(await page.context().newCDPSession(page));
  await page.goto(ARTICLE);
  const demo = page.getByRole('region', {name: 'A streamed response, read two ways'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();

  // A whole stream, both ways.
  await demo.getByLabel(/^Prompt/).fill(PROMPT);
  await demo.getByLabel(/^Tokens at most/).fill(String(TOKENS));
  await demo.getByTestId('stream-start').click();
  await expect(demo.getByTestId('fetch-text')).toHaveAttribute('data-phase', 'done');
  await expect(demo.getByTestId('eventsource-text')).toHaveAttribute('data-phase', 'done');

  const plan = planStream(PROMPT, TOKENS);
  const text = tokensOf(passageFor(PROMPT)).slice(0, TOKENS).join('');
  await expect(demo.getByTestId('fetch-text')).toHaveText(text.trim());
  await expect(demo.getByTestId('eventsource-text')).toHaveText(text.trim());

  const [post] = wire.ids('POST');
  const [get] = wire.ids('GET');
  expect(post).toBeDefined();
  expect(get).toBeDefined();
  const shown = await chunkBytes(demo);
  const onWire = wire.received.get(post ?? '') ?? [];
  const total = (numbers: number[]) => numbers.reduce((sum, n) => sum + n, 0);
  // Every byte the network delivered reached the page's reader, and they are the bytes the server planned.
  expect(total(shown)).toBe(plan.bodyBytes);
  expect(total(onWire)).toBe(plan.bodyBytes);
  // The reader hands over what has arrived: never more pieces than the server wrote, never fewer than it saw come.
  expect(shown.length).toBeLessThanOrEqual(plan.writes.length);
  expect(shown.length).toBeGreaterThanOrEqual(Math.min(onWire.length, plan.writes.length) / 2);
  // Each chunk ends where one of the server's writes ended (on a busy machine, several writes arrive as one chunk),
  // and the page says where that cut fell as the planned bytes say.
  const writeEnds = new Set(plan.writes.map((_, i) => total(plan.writes.slice(0, i + 1).map((w) => w.length))));
  const body = Buffer.concat(plan.writes);
  const parser = createEventStreamParser();
  let at = 0;
  const expectedCuts = shown.map((bytes) => {
    const chunk = body.subarray(at, at + bytes);
    at += bytes;
    expect(writeEnds.has(at), `a chunk ends at byte ${at}, where a write ended`).toBe(true);
    parser.push(chunk);
    return cutOf(chunk, parser);
  });
  const cuts = await demo.getByTestId('fetch-chunk').evaluateAll((items) => items.map((item) => item.dataset.cut));
  expect(cuts).toEqual(expectedCuts);

  // EventSource: the token events, with their ids, and the done event, as Chromium's parser dispatched them.
  expect(wire.messages.map((message) => `${message.eventName} ${message.eventId}`)).toEqual([
    ...Array.from({length: TOKENS}, (_, i) => `message ${i + 1}`),
    `done ${TOKENS}`,
  ]);
  await expect(demo.getByTestId('eventsource-summary')).toContainText(`lastEventId: ${TOKENS}`);

  // The server's record of both requests.
  const saw = demo.getByTestId('server-saw');
  // The POST carries JSON to another origin, so Chromium asked first: the preflight carries the attempt id too.
  await expect(saw.getByTestId('server-saw-exchange')).toHaveCount(3);
  const requestLines = await saw
    .getByTestId('server-saw-request')
    .evaluateAll((heads) => heads.map((head) => head.textContent.split(' ')[0]));
  expect(requestLines.sort()).toEqual(['GET', 'OPTIONS', 'POST']);
  await expect(saw.getByTestId('server-saw-notes')).toContainText(`POST: wrote ${TOKENS} tokens`);
  await expect(saw.getByTestId('server-saw-notes')).toContainText(`GET: wrote ${TOKENS} tokens`);

  // Resuming at or past the last token: the server answers 204, and Chromium's EventSource fails for good (CLOSED,
  // not CONNECTING again), as HTML §9.2.3 says of any status but 200.
  const resumed = await page.evaluate(
    async (url) => {
      const source = new EventSource(url);
      const readyState = await new Promise<number>((resolve) => {
        source.onerror = () => resolve(source.readyState);
      });
      source.close();
      return readyState;
    },
    `${E2E_DEMO_SERVER_URL}${ENDPOINTS.streamedResponse}?${new URLSearchParams({prompt: PROMPT, maxTokens: String(TOKENS), lastEventId: String(TOKENS)}).toString()}`,
  );
  expect(resumed).toBe(2);
  expect(wire.ids('GET')).toHaveLength(2);

  // A long stream, stopped after a few chunks: the page aborted, Chromium canceled, the server noticed.
  await demo.getByLabel(/^Tokens at most/).fill('120');
  await demo.getByTestId('stream-start').click();
  await expect(demo.getByTestId('fetch-chunk').nth(4)).toBeVisible();
  await demo.getByTestId('stream-stop').click();
  await expect(demo.getByTestId('fetch-text')).toHaveAttribute('data-phase', 'stopped');
  await expect(demo.getByTestId('eventsource-text')).toHaveAttribute('data-phase', 'stopped');
  const notes = saw.getByTestId('server-saw-notes');
  await expect(notes).toContainText('POST: the reader closed the connection');
  await expect(notes).toContainText('GET: the reader closed the connection');
  const stoppedPost = wire.ids('POST').at(-1) ?? '';
  expect(wire.canceled.has(stoppedPost)).toBe(true);
  const readBytes = total(await chunkBytes(demo));
  const figures =
    /POST: the reader closed the connection after \d+ ms: (\d+) of \d+ writes made, (\d+) of (\d+) body bytes/.exec(
      (await notes.textContent()) ?? '',
    );
  expect(figures).not.toBeNull();
  const [, , written, planned] = (figures ?? []).map(Number);
  // The server wrote at least what the page read, and stopped well short of the end.
  expect(written).toBeGreaterThanOrEqual(readBytes);
  expect(written).toBeLessThan(planned ?? 0);

  // Through the buffering proxy: the answer (under 4 KiB) arrives in one lump, once the server has written it all.
  await demo.getByLabel(/^Tokens at most/).fill(String(TOKENS));
  await demo.getByTestId('stream-buffered').check();
  await demo.getByTestId('stream-start').click();
  await expect(demo.getByTestId('fetch-text')).toHaveAttribute('data-phase', 'done');
  await expect(demo.getByTestId('eventsource-text')).toHaveText(text.trim());
  const lumps = await demo
    .getByTestId('fetch-chunk')
    .evaluateAll((items) => items.map((item) => Number(item.dataset.at)));
  expect(lumps).toHaveLength(1);
  expect(lumps[0]).toBeGreaterThanOrEqual((plan.writes.length - 1) * STREAM_LIMITS.writeIntervalMs);
  await expect(saw.getByTestId('server-saw-notes')).toContainText(`Proxy: passed on ${plan.bodyBytes} bytes held for`);

  // axe on the demo with its results shown, in both colour modes.
  for (const mode of COLOUR_MODES) {
    await page.emulateMedia({colorScheme: mode});
    await expect(page.locator('html')).toHaveAttribute('data-theme', mode);
    const violations = await axeViolations(page, `${ARTICLE} [${mode}, demo run]`, '[data-demo-status]');
    expect(violations, violations.join('\n')).toEqual([]);
  }
});
