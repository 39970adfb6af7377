import {expect, test} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {parseInspectMessage, type FrameReport} from '../../demo-server/src/contract/inspect.ts';

const ARTICLE = '/docs/websocket/ping-pong-and-closing';

test.describe('Ping, pong and close', () => {
  test('a ping the server sends is answered by the browser; the page shows the round trip measured on the wire', async ({
    page,
  }) => {
    const reports: FrameReport[] = [];
    page.on('websocket', (socket) => {
      if (!socket.url().endsWith(ENDPOINTS.inspect)) return;
      socket.on('framereceived', ({payload}) => {
        const message = typeof payload === 'string' ? parseInspectMessage(payload) : null;
        if (message?.type === 'frame') reports.push(message);
      });
    });
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Ping, pong and close'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    await demo.getByRole('button', {name: 'Ask the server to ping'}).click();

    const row = demo.locator('[data-ping="ping 1"]');
    await expect(row).toContainText('answered by your browser');
    const ping = reports.find((r) => r.opcode === 0x9 && Buffer.from(r.payload, 'base64').toString() === 'ping 1');
    const pong = reports.find((r) => r.opcode === 0xa && Buffer.from(r.payload, 'base64').toString() === 'ping 1');
    expect(ping?.direction).toBe('server-to-client');
    expect(pong?.direction).toBe('client-to-server');
    // The pong was masked by the browser, as every client frame must be.
    expect(pong?.masked).toBe(true);
    await expect(row.locator('[data-rtt]')).toHaveText(`${pong!.at - ping!.at} ms`);
  });

  test('closing from the page gives a clean CloseEvent with the chosen code and reason', async ({page}) => {
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Ping, pong and close'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    await demo.getByLabel('Code').selectOption('4001');
    await demo.getByLabel('Reason').fill('done reading');
    await demo.getByRole('button', {name: 'Close from this page'}).click();
    const notice = demo.locator('[data-close-code="4001"]');
    await expect(notice).toContainText('code: 4001, reason: "done reading", wasClean: true');
    await expect(notice).toContainText('private use');
    await demo.getByRole('button', {name: 'Reconnect'}).click();
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    // The new connection shows both close frames of the old one.
    const fromPage = demo.locator('[data-close-direction="client-to-server"]');
    const fromServer = demo.locator('[data-close-direction="server-to-client"]');
    await expect(fromPage).toContainText('4001 “done reading”');
    await expect(fromServer).toContainText('4001 “done reading”');
    // 0x88: FIN + opcode 8; 0x8e: MASK + 14 bytes (code and reason) from the browser; 0x0e unmasked from the server.
    await expect(fromPage.locator('code')).toHaveText(/^88 8e /);
    await expect(fromServer.locator('code')).toHaveText(/^88 0e 0f a1 /);
  });

  test('the server closes with 1011 when asked, and with 1009 after a message past the limit', async ({page}) => {
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Ping, pong and close'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    await demo.getByRole('button', {name: /1011 Internal error/}).click();
    await expect(demo.locator('[data-close-code="1011"]')).toContainText(
      'reason: "You asked for 1011", wasClean: true',
    );

    await demo.getByRole('button', {name: 'Reconnect'}).click();
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    await demo.getByRole('button', {name: /past the limit/}).click();
    await expect(demo.locator('[data-close-code="1009"]')).toContainText('message too big');
  });

  test('at 360 px, the page never scrolls sideways: the ping table scrolls in a box a keyboard reaches', async ({
    page,
  }) => {
    await page.setViewportSize({width: 360, height: 740});
    const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Ping, pong and close'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    await demo.getByRole('button', {name: 'Ask the server to ping'}).click();
    await expect(demo.locator('[data-ping="ping 1"]')).toContainText('answered by your browser');
    expect(await pageOverflow()).toBe(0);
    // Four columns are wider than the demo at this width: their box scrolls, named and in the tab order, so the
    // arrow keys move it (WCAG 2.2 §2.1.1).
    const pings = demo.getByRole('region', {name: 'Table: Ping payload, Sent by, Pong, Round trip'});
    await pings.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => pings.evaluate((box) => box.scrollLeft)).toBeGreaterThan(0);

    await demo.getByRole('button', {name: 'Close from this page'}).click();
    await demo.getByRole('button', {name: 'Reconnect'}).click();
    await expect(demo.locator('[data-close-direction="server-to-client"]')).toBeVisible();
    expect(await pageOverflow()).toBe(0);
    // The close frames' bytes wrap, so their table fits and adds no tab stop.
    const closeFrames = demo.locator('[data-close-frames]').locator('xpath=..');
    expect(await closeFrames.evaluate((box) => box.scrollWidth - box.clientWidth)).toBe(0);
    await expect(closeFrames).not.toHaveAttribute('role');
  });
});
