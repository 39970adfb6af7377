import {expect, test, type Locator} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';

const ARTICLE = '/docs/rest/rest-over-websocket';

async function openDemo(page: import('@playwright/test').Page): Promise<Locator> {
  await page.goto(ARTICLE);
  const demo = page.getByRole('region', {name: 'Same API, two transports'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  return demo;
}

test('runs one sequence over HTTP and over the WebSocket: same statuses, bytes counted both ways', async ({page}) => {
  // What crossed the WebSocket, as Chromium saw it: the page's frames must be the requests the table shows.
  const sent: string[] = [];
  page.on('websocket', (socket) => {
    if (socket.url().endsWith(ENDPOINTS.restWebSocket)) {
      socket.on('framesent', ({payload}) => sent.push(String(payload)));
    }
  });
  const demo = await openDemo(page);
  await demo.getByRole('button', {name: 'Run the sequence'}).click();

  const expected = ['200', '201', '200', '200', '204'];
  for (const transport of ['http', 'ws']) {
    const column = demo.locator(`[data-transport="${transport}"]`);
    const rows = column.locator('tbody tr');
    await expect(rows.nth(4)).toHaveAttribute('data-status', '204', {timeout: 15_000});
    for (const [index, status] of expected.entries()) {
      const row = rows.nth(index);
      await expect(row).toHaveAttribute('data-status', status);
      const up = Number(await row.locator('[data-bytes-up]').getAttribute('data-bytes-up'));
      const down = Number(await row.locator('[data-bytes-down]').getAttribute('data-bytes-down'));
      expect(up, `${transport} row ${index} bytes up`).toBeGreaterThan(0);
      expect(down, `${transport} row ${index} bytes down`).toBeGreaterThan(0);
    }
  }
  // The WebSocket rows are the requests the page really sent as messages.
  const methods = sent.map((text) => (JSON.parse(text) as {method: string}).method);
  expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'GET', 'PUT', 'DELETE']));
  // A comparison written from the measured totals.
  await expect(demo.getByTestId('same-api-summary')).toContainText(
    /moved \d+ bytes over HTTP and \d+ over the WebSocket/,
  );
});

test('a change made over HTTP is pushed to the WebSocket, while HTTP has to poll for it; keyboard only', async ({
  page,
}) => {
  const demo = await openDemo(page);
  const start = demo.getByRole('button', {name: 'Start watching'});
  await start.focus();
  await page.keyboard.press('Enter');
  await expect(demo.getByRole('button', {name: 'Stop watching'})).toHaveAttribute('aria-pressed', 'true');
  const http = demo.locator('[data-watch="http"]');
  await expect(http.locator('[data-polls]')).not.toHaveAttribute('data-polls', '0');

  const change = demo.getByRole('button', {name: 'Change the note over HTTP'});
  await expect(change).toBeEnabled();
  await change.focus();
  await page.keyboard.press('Enter');

  const pushed = demo.locator('[data-pushed-ms]');
  await expect(pushed).not.toHaveAttribute('data-pushed-ms', '', {timeout: 5_000});
  await expect(demo.locator('[data-watch="ws"] pre')).toContainText('"type":"changed"');
  const noticed = demo.locator('[data-noticed-ms]');
  await expect(noticed).not.toHaveAttribute('data-noticed-ms', '', {timeout: 10_000});
  // The push is a matter of milliseconds; the poll comes when its timer says (every 2 s by default).
  const pushMs = Number(await pushed.getAttribute('data-pushed-ms'));
  expect(pushMs).toBeLessThan(1_000);
  await expect(http).toContainText('304 Not Modified');
  // Every poll but the first carries If-None-Match: the first has no ETag to send yet.
  const counts = http.locator('[data-polls]');
  // Both read at once, so a poll that lands in between cannot split them.
  const [polls, conditional] = await counts.evaluate((element: HTMLElement) => [
    Number(element.dataset.polls),
    Number(element.dataset.conditional),
  ]);
  expect(conditional).toBe(polls - 1);
});
