import {expect, type Locator} from '@playwright/test';
import type {Session} from '../session.ts';

const LANES = ['Short polling', 'Long polling', 'Server-Sent Events', 'WebSocket'] as const;

/** Each lane has events with a measured delay, and requests per minute is measured (after 5 s of racing). */
async function raced(demo: Locator): Promise<void> {
  for (const name of LANES) {
    const lane = demo.getByRole('region', {name, exact: true});
    await expect.poll(async () => Number(await lane.getAttribute('data-events')), {timeout: 10_000}).toBeGreaterThan(1);
    await expect(lane).not.toHaveAttribute('data-p50', '');
  }
  const table = demo.getByRole('region', {name: 'The race in figures'});
  // Column 6, requests per minute: a dash until five seconds of racing.
  await expect(table.locator('tbody tr').first().locator('td').nth(4)).not.toHaveText('—', {timeout: 10_000});
}

/** The four transports race from the same events for a few seconds, as a reader watches them. */
export default {
  demo: 'PollingRace',
  page: '/docs/realtime/request-response',
  title: 'The polling race',
  async run(demo) {
    await raced(demo);
    await expect(demo.getByText(/^Lowest median delay so far/)).toBeVisible();
  },
  async expectReplay(demo) {
    await raced(demo);
    await expect(demo.getByText(/^Lowest median delay so far/)).toBeVisible();
    await expect(demo.getByText(/^Server clock (ahead of|behind) yours by/)).toBeVisible();
  },
  unstable: [
    // Short polling is between polls or has one out, as the moment the run ends falls: its state then has a
    // retry time or a start time.
    /^view\.lanes\.poll\.state\.(since|retryAt):/,
    // A poll or a cost reading still on its way when the run ends has no status yet (0); and the long poll, held
    // at the server nearly all the time, is between its answer and the next request at the odd moment.
    /^http GET \/events\/(poll|long-poll|costs) 0$/,
  ],
} satisfies Session;
