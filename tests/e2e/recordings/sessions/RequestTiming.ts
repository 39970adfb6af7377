import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** One request timed twice, on a new connection and on the one it left open: 200 ms of wait, 16 KiB at full speed. */
export default {
  demo: 'RequestTiming',
  page: '/docs/http/timing',
  title: 'Where the time goes',
  async run(demo) {
    await demo.getByLabel('Server waits').selectOption('200');
    await demo.getByLabel('Body').selectOption(String(16 * 1024));
    await demo.getByLabel('Sent at').selectOption('0');
    await demo.getByRole('button', {name: 'Time it twice'}).click();
    await expect(demo.getByTestId('timing-raw')).toBeVisible();
  },
  async expectReplay(demo) {
    await expect(demo.getByTestId('timing-fresh-phases').locator('li[data-phase]')).toHaveCount(7);
    await expect(demo.getByTestId('timing-reused-phases').locator('li[data-phase]')).toHaveCount(7);
    await expect(demo.getByTestId('timing-fresh-server')).toHaveAttribute('data-request', '1');
    await expect(demo.getByTestId('timing-reused-server')).toHaveAttribute('data-request', '2');
    await expect(demo.getByTestId('timing-settings')).toHaveText(
      'Timed with the server waiting 200 ms and sending 16 KiB at full speed, with Timing-Allow-Origin.',
    );
    await expect(demo.getByTestId('timing-raw')).toBeVisible();
  },
} satisfies Session;
