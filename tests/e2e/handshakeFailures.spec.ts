/**
 * "When the handshake fails": every case run by Chromium for real. For each, what the page shows of its own events
 * is checked against what Chromium's network layer reported (CDP `Network` events: the handshake's status, the
 * frame errors, the frames sent) and against the server's record the page shows beside it.
 */
import {expect, test, type CDPSession, type Locator, type Page} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {FAULT_LIMITS, MESSAGE_LIMITS} from '../../demo-server/src/limits.ts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from '../../scripts/chromium.mts';

const PAGE = '/docs/when-it-breaks/handshake-failures';

// Chromium runs a sandboxed iframe in a process of its own, whose sockets the page's CDP session does not see.
// Here, and only here, it stays in the page's process so that the wire can be watched; the protocol is the same.
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--disable-features=IsolateSandboxedIframes'],
  },
});

interface Wire {
  created: string[];
  handshakes: {url: string; status: number; headers: Record<string, string>}[];
  frameErrors: string[];
  framesSent: {opcode: number; length: number}[];
}

/** Everything Chromium's network layer says about the page's WebSockets (the sandboxed iframe's included). */
async function watchWire(page: Page): Promise<{wire: Wire; cdp: CDPSession}> {
  const wire: Wire = {created: [], handshakes: [], frameErrors: [], framesSent: []};
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  cdp.on('Network.webSocketCreated', ({requestId, url}) => {
    urls.set(requestId, url);
    wire.created.push(url);
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', ({requestId, response}) =>
    wire.handshakes.push({url: urls.get(requestId) ?? '', status: response.status, headers: response.headers}),
  );
  cdp.on('Network.webSocketFrameError', ({errorMessage}) => wire.frameErrors.push(errorMessage));
  cdp.on('Network.webSocketFrameSent', ({response}) =>
    wire.framesSent.push({opcode: response.opcode, length: response.payloadData.length}),
  );
  return {wire, cdp};
}

async function runCase(page: Page, name: string): Promise<Locator> {
  await page.goto(PAGE);
  const demo = page.getByRole('region', {name: 'When the handshake fails'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();
  await demo.getByRole('button', {name}).click();
  const run = demo.getByTestId('handshake-run');
  await expect(run).toHaveAttribute('data-status', 'done', {timeout: 20_000});
  return run;
}

/** The page's events as "type" or "type code" strings, in order. */
async function pageEvents(run: Locator): Promise<string[]> {
  const items = run.getByTestId('page-event');
  const count = await items.count();
  const events: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const item = items.nth(i);
    const type = (await item.getAttribute('data-type')) ?? '';
    const socket = (await item.getAttribute('data-socket')) ?? '';
    const code = type === 'close' ? ` ${await item.getByTestId('page-close-code').innerText()}` : '';
    events.push(`${socket}:${type}${code}`);
  }
  return events;
}

const serverSaw = (run: Locator) => run.getByTestId('server-saw');

test.describe('When the handshake fails', () => {
  test('a path that does not exist: 404 on the wire and in the record, 1006 on the page', async ({page}) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'A path that does not exist');
    expect(await pageEvents(run)).toEqual(['1:error', '1:close 1006']);
    expect(wire.frameErrors).toContain('Error during WebSocket handshake: Unexpected response code: 404');
    await expect(serverSaw(run).getByTestId('server-saw-response')).toContainText('HTTP/1.1 404 Not Found');
    await expect(serverSaw(run).getByTestId('server-saw-response')).toContainText('/ws/no-such-endpoint');
  });

  test('a subprotocol the server does not speak: a 101 with none named, and Chromium fails the connection', async ({
    page,
  }) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'A subprotocol the server does not speak');
    // It does not open with protocol "": the page never sees open.
    expect(await pageEvents(run)).toEqual(['1:error', '1:close 1006']);
    expect(wire.frameErrors).toContain(
      "Error during WebSocket handshake: Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received",
    );
    const saw = serverSaw(run);
    await expect(saw.getByTestId('server-saw-request')).toContainText('Sec-WebSocket-Protocol: otw.xml.v1');
    await expect(saw.getByTestId('server-saw-response')).toContainText('HTTP/1.1 101 Switching Protocols');
    await expect(saw.getByTestId('server-saw-response')).not.toContainText('Sec-WebSocket-Protocol');
    await expect(saw.getByTestId('server-saw-notes')).toContainText('no close frame read from the client');
  });

  test('a subprotocol the page did not offer: the 101 names one, Chromium fails the connection', async ({page}) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'A subprotocol the page did not offer');
    expect(await pageEvents(run)).toEqual(['1:error', '1:close 1006']);
    expect(wire.frameErrors.some((message) => message.includes('otw.unoffered.v1'))).toBe(true);
    const saw = serverSaw(run);
    await expect(saw.getByTestId('server-saw-request')).not.toContainText('Sec-WebSocket-Protocol');
    await expect(saw.getByTestId('server-saw-response')).toContainText('Sec-WebSocket-Protocol: otw.unoffered.v1');
  });

  test('too many connections: the last handshake gets 429 with Retry-After, the page only 1006', async ({page}) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'Too many connections from one client');
    const allowed = FAULT_LIMITS.poolConnectionsPerClient;
    const refused = allowed + 1;
    const events = await pageEvents(run);
    for (let socket = 1; socket <= allowed; socket += 1) {
      expect(events.filter((event) => event.startsWith(`${socket}:`))).toEqual([
        `${socket}:open`,
        `${socket}:close 1000`,
      ]);
    }
    expect(events.filter((event) => event.startsWith(`${refused}:`))).toEqual([
      `${refused}:error`,
      `${refused}:close 1006`,
    ]);
    expect(wire.handshakes.filter((handshake) => handshake.status === 101)).toHaveLength(allowed);
    expect(wire.frameErrors.some((message) => message.includes('429'))).toBe(true);
    const responses = serverSaw(run).getByTestId('server-saw-response');
    await expect(responses).toHaveCount(refused);
    await expect(responses.last()).toContainText('HTTP/1.1 429 Too Many Requests');
    await expect(responses.last()).toContainText(/Retry-After: 10\b/);
    await expect(responses.last()).toContainText(`At most ${allowed} WebSocket connections per client`);
  });

  test('too many handshakes a minute: handshakes are 101 until one is 429, the page sees 1006', async ({page}) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'Too many handshakes per minute');
    const responses = serverSaw(run).getByTestId('server-saw-response');
    const count = await responses.count();
    // A budget spent within the last minute (a retried test) leaves fewer than 3 to spend: the last one is refused.
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(FAULT_LIMITS.poolHandshakesPerMinutePerClient + 1);
    await expect(responses.last()).toContainText('HTTP/1.1 429 Too Many Requests');
    await expect(responses.last()).toContainText(/Retry-After: \d+/);
    for (let i = 0; i < count - 1; i += 1) await expect(responses.nth(i)).toContainText('HTTP/1.1 101');
    expect(wire.handshakes.filter((handshake) => handshake.status === 101)).toHaveLength(count - 1);
    const events = await pageEvents(run);
    expect(events.slice(-2)).toEqual([`${count}:error`, `${count}:close 1006`]);
  });

  test('a message over the bound: the page gets a clean 1009, the server noted its close frame', async ({page}) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'A message over the endpoint’s bound');
    expect(await pageEvents(run)).toEqual(['1:open', '1:send', '1:close 1009']);
    await expect(run.getByTestId('page-event').last()).toContainText('wasClean true');
    // CDP reports a binary frame's payload in base64: 4 characters for every 3 bytes.
    const binary = wire.framesSent.find((frame) => frame.opcode === 2);
    expect(binary?.length).toBe(Math.ceil((MESSAGE_LIMITS.echoMaxMessageBytes + 1) / 3) * 4);
    await expect(serverSaw(run).getByTestId('server-saw-notes')).toContainText(
      'The server sends a close frame: code 1009',
    );
  });

  test('a text frame that is not UTF-8: Chromium fails it (1006 to the page, a close frame to the server)', async ({
    page,
  }) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'A text frame that is not UTF-8');
    expect(await pageEvents(run)).toEqual(['1:open', '1:send', '1:message', '1:error', '1:close 1006']);
    expect(wire.frameErrors).toContain('Could not decode a text frame as UTF-8.');
    const notes = serverSaw(run).getByTestId('server-saw-notes');
    await expect(notes).toContainText('48 69 c3 28, is not valid UTF-8');
    // What Chromium sent on the wire, which the page never learns.
    await expect(notes).toContainText('the client\'s close frame had code 1002, reason "Invalid UTF-8 in text frame"');
  });

  test('TCP closed with no close frame: close 1006 and no error event', async ({page}) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'The server closes TCP with no close frame');
    expect(await pageEvents(run)).toEqual(['1:open', '1:send', '1:message', '1:close 1006']);
    await expect(run.getByTestId('page-event').last()).toContainText('wasClean false');
    expect(wire.frameErrors).toEqual([]);
    const notes = serverSaw(run).getByTestId('server-saw-notes');
    await expect(notes).toContainText('The server destroys the TCP connection without sending a close frame.');
  });

  test('the cases are buttons a keyboard reaches, and the result is announced', async ({page}) => {
    await page.goto(PAGE);
    const demo = page.getByRole('region', {name: 'When the handshake fails'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    const button = demo.getByRole('button', {name: 'A path that does not exist'});
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(demo.getByTestId('handshake-run')).toHaveAttribute('data-status', 'done', {timeout: 20_000});
    await expect(demo.locator('[aria-live="polite"]').filter({hasText: 'A path that does not exist:'})).toContainText(
      'the page saw error, close 1006 (not clean); the server answered 404 Not Found',
    );
  });
});

test.describe('When the handshake fails, from an opaque origin', () => {
  test('an origin the server does not allow: the sandboxed frame sees error and 1006, the server wrote 403', async ({
    page,
  }) => {
    const {wire} = await watchWire(page);
    const run = await runCase(page, 'An origin the server does not allow');
    expect(await pageEvents(run)).toEqual(['1:error', '1:close 1006']);
    await expect(run.getByTestId('page-event').last()).toContainText('wasClean false');
    expect(wire.created.some((url) => url.includes(ENDPOINTS.echo))).toBe(true);
    expect(wire.frameErrors).toContain('Error during WebSocket handshake: Unexpected response code: 403');
    await expect(serverSaw(run).getByTestId('server-saw-request')).toContainText('Origin: null');
    await expect(serverSaw(run).getByTestId('server-saw-response')).toContainText('HTTP/1.1 403 Forbidden');
    await expect(serverSaw(run).getByTestId('server-saw-response')).toContainText('is not an http(s) origin');
    await expect(run.getByTestId('handshake-why')).toContainText('1006');
  });
});
