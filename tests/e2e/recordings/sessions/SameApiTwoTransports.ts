import {expect, type Locator} from '@playwright/test';
import type {Session} from '../session.ts';

async function compared(demo: Locator): Promise<void> {
  for (const transport of ['http', 'ws']) {
    const rows = demo.locator(`[data-transport="${transport}"] tbody tr`);
    await expect(rows.nth(4)).toHaveAttribute('data-status', '204', {timeout: 10_000});
  }
  await expect(demo.getByTestId('same-api-summary')).toContainText(
    /moved \d+ bytes over HTTP and \d+ over the WebSocket/,
  );
}

async function noticed(demo: Locator): Promise<void> {
  await expect(demo.locator('[data-pushed-ms]')).not.toHaveAttribute('data-pushed-ms', '', {timeout: 5_000});
  await expect(demo.locator('[data-watch="ws"] pre')).toContainText('"type":"changed"');
  await expect(demo.locator('[data-noticed-ms]')).not.toHaveAttribute('data-noticed-ms', '', {timeout: 5_000});
  await expect(demo.locator('[data-watch="http"]')).toContainText('304 Not Modified');
}

/** The five requests both ways, then a change made over HTTP: pushed to the WebSocket, found by a poll. */
export default {
  demo: 'SameApiTwoTransports',
  page: '/docs/rest/rest-over-websocket',
  title: 'Same API, two transports',
  async run(demo) {
    await demo.getByRole('button', {name: 'Run the sequence'}).click();
    await compared(demo);
    await demo.getByLabel('HTTP polls every').selectOption('1000');
    await demo.getByRole('button', {name: 'Start watching'}).click();
    const change = demo.getByRole('button', {name: 'Change the note over HTTP'});
    await expect(change).toBeEnabled();
    // A 304 first, so the change is found by a conditional poll as a reader would see it.
    await expect(demo.locator('[data-watch="http"] [data-polls]')).not.toHaveAttribute('data-conditional', '0', {
      timeout: 5_000,
    });
    await change.click();
    await noticed(demo);
  },
  async expectReplay(demo) {
    await compared(demo);
    await noticed(demo);
  },
  unstable: [
    // A poll of the watched note, or the read of its byte count, still on its way when the run ends: no status (0).
    /^http GET \/(api|recorded-requests)\/.* 0$/,
  ],
} satisfies Session;
