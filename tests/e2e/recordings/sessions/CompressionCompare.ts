import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** The same JSON message over a connection without compression and one with permessage-deflate. */
export default {
  demo: 'CompressionCompare',
  page: '/docs/websocket/subprotocols-and-extensions',
  title: 'Compression compared',
  async run(demo) {
    await demo.getByRole('button', {name: 'Send it over both'}).click();
    await expect(demo.locator('[data-side="plain"] [data-rsv1="false"]')).toBeVisible();
    await expect(demo.locator('[data-side="deflate"] [data-rsv1="true"]')).toBeVisible();
    await expect(demo.getByText('waiting…')).toHaveCount(0);
  },
  async expectReplay(demo) {
    await expect(demo.locator('[data-side="plain"] [data-rsv1="false"]')).toBeVisible();
    await expect(demo.locator('[data-side="deflate"] [data-rsv1="true"]')).toBeVisible();
    await expect(demo.locator('[data-side="deflate"]')).toContainText('RSV1 1');
    await expect(demo.getByText('waiting…')).toHaveCount(0);
  },
} satisfies Session;
