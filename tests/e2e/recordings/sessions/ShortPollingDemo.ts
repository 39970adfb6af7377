import {expect, type Locator} from '@playwright/test';
import type {Session} from '../session.ts';

async function polled(demo: Locator): Promise<void> {
  await expect(demo.getByLabel('Poll every')).toHaveValue('250');
  const figures = demo.locator('dl[data-events]');
  await expect
    .poll(async () => Number(await figures.getAttribute('data-events')), {timeout: 10_000})
    .toBeGreaterThan(1);
  await expect(
    demo
      .getByRole('region', {name: 'Every poll, newest first'})
      .getByText(/an empty poll/)
      .first(),
  ).toBeVisible();
  // Measured once the demo has polled for five seconds.
  await expect(figures.locator('div', {hasText: 'Requests per minute'}).locator('dd')).toHaveText(/^\d+$/, {
    timeout: 10_000,
  });
}

/** Polls every 250 ms, as the demo suggests: many answers empty, a few with an event. */
export default {
  demo: 'ShortPollingDemo',
  page: '/docs/realtime/short-polling',
  title: 'Short polling',
  async run(demo) {
    await demo.getByLabel('Poll every').selectOption('250');
    await polled(demo);
  },
  async expectReplay(demo) {
    await polled(demo);
  },
  unstable: [
    // A poll or a cost reading still on its way when the run ends has no status yet (0).
    /^http GET \/events\/(poll|costs) 0$/,
  ],
} satisfies Session;
