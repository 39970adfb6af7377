import {expect, test, type Page} from '@playwright/test';
import {createHash} from 'node:crypto';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {parseInspectMessage, type HandshakeReport} from '../../demo-server/src/contract/inspect.ts';
import {findHeader, WEBSOCKET_GUID} from '../../demo-server/src/contract/websocket.ts';
import {E2E_DEMO_SERVER_PORT} from './ports.ts';

const ARTICLE = '/docs/websocket/opening-handshake';

interface BrowserHandshake {
  /** Sec-WebSocket-Key as Chromium's network stack says it sent it (DevTools protocol). */
  sentKey: string;
  /** Sec-WebSocket-Accept as Chromium received it. */
  receivedAccept: string;
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/**
 * Watches the inspector's sockets from outside the page: the handshakes
 * through the DevTools protocol, the reports through the frames Playwright
 * observes. Neither depends on what the page renders.
 */
async function watchInspector(page: Page) {
  const handshakes = new Map<string, Partial<BrowserHandshake>>();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketWillSendHandshakeRequest', ({requestId, request}) => {
    handshakes.set(requestId, {...handshakes.get(requestId), sentKey: headerOf(request.headers, 'Sec-WebSocket-Key')});
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', ({requestId, response}) => {
    handshakes.set(requestId, {
      ...handshakes.get(requestId),
      receivedAccept: headerOf(response.headers, 'Sec-WebSocket-Accept'),
    });
  });

  const reports: HandshakeReport[] = [];
  page.on('websocket', (socket) => {
    if (!socket.url().endsWith(ENDPOINTS.inspect)) return;
    socket.on('framereceived', ({payload}) => {
      const message = typeof payload === 'string' ? parseInspectMessage(payload) : null;
      if (message?.type === 'handshake') reports.push(message);
    });
  });

  const completed = () =>
    [...handshakes.values()].filter((h): h is BrowserHandshake => Boolean(h.sentKey && h.receivedAccept));
  return {completed, reports};
}

function expectedAccept(key: string): string {
  return createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');
}

test.describe('Handshake Inspector', () => {
  test('shows the key this browser sent and an accept value that matches the server’s', async ({page}) => {
    const watched = await watchInspector(page);
    await page.goto(ARTICLE);

    const demo = page.getByRole('region', {name: 'Handshake Inspector'});
    await expect(demo.getByTestId('accept-verdict')).toContainText('Matches');

    expect(watched.completed()).toHaveLength(1);
    const [browser] = watched.completed();
    const [report] = watched.reports;
    expect(report).toBeDefined();
    // The server's report carries the key the browser's network stack sent…
    expect(findHeader(report!.request.headers, 'Sec-WebSocket-Key')).toBe(browser!.sentKey);
    // …and the page shows that key in the request and in the derivation.
    await expect(demo.locator('[data-header="sec-websocket-key"]')).toContainText(browser!.sentKey);
    await expect(demo.getByTestId('derivation-key')).toHaveText(browser!.sentKey);
    // The accept value computed in the page is RFC 6455's, and the one Chromium received.
    await expect(demo.getByTestId('derivation-accept')).toHaveText(expectedAccept(browser!.sentKey));
    expect(browser!.receivedAccept).toBe(expectedAccept(browser!.sentKey));
    await expect(demo.locator('[data-header="sec-websocket-accept"]')).toContainText(browser!.receivedAccept);

    // The request is shown as received: a GET for the endpoint over HTTP/1.1.
    await expect(demo.locator('[data-header=":start-line"] button').first()).toHaveText(
      `GET ${ENDPOINTS.inspect} HTTP/1.1`,
    );
    await expect(demo.locator('[data-header=":start-line"] button').nth(1)).toHaveText(
      'HTTP/1.1 101 Switching Protocols',
    );
  });

  test('“Handshake again” makes a new handshake with a new key', async ({page}) => {
    const watched = await watchInspector(page);
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Handshake Inspector'});
    await expect(demo.getByTestId('accept-verdict')).toContainText('Matches');
    const firstKey = watched.completed()[0]!.sentKey;

    await demo.getByRole('button', {name: 'Handshake again'}).click();
    await expect(demo.locator('[data-handshake-number="2"]')).toBeVisible();
    await expect(demo.getByTestId('accept-verdict')).toContainText('Matches');

    const second = watched.completed()[1]!;
    expect(second.sentKey).not.toBe(firstKey);
    await expect(demo.getByTestId('derivation-key')).toHaveText(second.sentKey);
    await expect(demo.getByTestId('derivation-accept')).toHaveText(expectedAccept(second.sentKey));
  });

  test('explains highlighted headers to keyboard users', async ({page}) => {
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Handshake Inspector'});
    const keyButton = demo.locator('[data-header="sec-websocket-key"] button');
    await expect(keyButton).toBeVisible();

    await keyButton.focus();
    await expect(keyButton).toHaveAttribute('aria-pressed', 'true');
    // The explanation is the button's accessible description…
    await expect(keyButton).toHaveAccessibleDescription(/Sixteen random bytes/);
    // …and is shown beside the exchange for sighted keyboard users.
    await expect(demo.getByText(/Sixteen random bytes in base64/).first()).toBeVisible();

    await page.keyboard.press('Tab');
    const next = demo.locator('button:focus');
    await expect(next).toHaveAttribute('aria-pressed', 'true');
    await expect(keyButton).toHaveAttribute('aria-pressed', 'false');
  });

  test('offers a curl command that makes the same handshake', async ({page}) => {
    const watched = await watchInspector(page);
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Handshake Inspector'});
    await expect(demo.getByTestId('accept-verdict')).toContainText('Matches');
    const key = watched.completed()[0]!.sentKey;

    const command = await demo.getByLabel('curl command').textContent();
    expect(command).toContain(`Sec-WebSocket-Key: ${key}`);
    expect(command).toContain(`${ENDPOINTS.inspect}'`);
    await demo.getByRole('button', {name: 'websocat', exact: true}).click();
    await expect(demo.getByLabel('websocat command')).toContainText(
      `ws://localhost:${E2E_DEMO_SERVER_PORT}${ENDPOINTS.inspect}`,
    );
  });

  test('fits a phone-width screen without sideways scrolling', async ({page}) => {
    await page.setViewportSize({width: 360, height: 740});
    await page.goto(ARTICLE);
    await expect(page.getByTestId('accept-verdict')).toContainText('Matches');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
