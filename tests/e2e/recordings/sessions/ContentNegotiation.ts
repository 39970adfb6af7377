import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** The document fetched five ways: identity, gzip, zstd and br forced, then as the browser's offer negotiates it. */
export default {
  demo: 'ContentNegotiation',
  page: '/docs/http/compression',
  title: 'Compression and negotiation',
  async run(demo) {
    await demo.getByRole('button', {name: 'Fetch it five ways'}).click();
    await expect(demo.getByTestId('negotiation-run')).toHaveCount(5);
    await expect(demo.getByTestId('negotiation-record')).toBeVisible();
    await expect(demo.getByRole('button', {name: 'Fetch it five ways'})).toBeEnabled();
  },
  async expectReplay(demo) {
    const rows = demo.getByTestId('negotiation-run');
    await expect(rows).toHaveCount(5);
    for (const coding of ['identity', 'gzip', 'zstd', 'br']) {
      await expect(rows.and(demo.locator(`[data-asked="${coding}"]`))).toHaveAttribute('data-coding', coding);
    }
    await expect(demo.getByTestId('negotiation-accept-encoding')).toContainText('Accept-Encoding: ');
  },
} satisfies Session;
