import {expect, type Locator} from '@playwright/test';
import type {Session} from '../session.ts';

async function held(demo: Locator): Promise<void> {
  const figures = demo.locator('dl[data-events]');
  await expect
    .poll(async () => Number(await figures.getAttribute('data-events')), {timeout: 10_000})
    .toBeGreaterThan(2);
  const answers = demo
    .getByRole('region', {name: 'Requests and answers, newest first'})
    .locator('li[data-kind=answer]');
  await expect(answers.first()).toContainText('200 with');
  // One request parked at the server, held for seconds at most: a replay's clock is the recording's, never
  // counting since the day it was made.
  await expect(demo.getByTestId('held-for')).toHaveText(/^\d\.\d s$/);
}

/** Three events, each answering the request the server held, and the next request parked and held a while. */
export default {
  demo: 'LongPollingDemo',
  page: '/docs/realtime/long-polling',
  title: 'Long polling',
  async run(demo) {
    await held(demo);
    // The held request's clock running, as a reader watches it (the next event resets it).
    const heldFor = demo.getByTestId('held-for');
    await expect
      .poll(async () => Number.parseFloat((await heldFor.textContent()) ?? ''), {timeout: 10_000})
      .toBeGreaterThanOrEqual(0.5);
  },
  async expectReplay(demo) {
    await held(demo);
  },
  unstable: [
    // A cost reading still on its way when the run ends has no status yet (0); and the long poll, held at the
    // server nearly all the time, is between its answer and the next request at the odd moment.
    /^http GET \/events\/(long-poll|costs) 0$/,
  ],
} satisfies Session;
