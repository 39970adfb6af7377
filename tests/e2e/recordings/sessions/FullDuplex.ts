import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** The server's stream of ticks, with a message of the page sent and echoed while it runs. */
export default {
  demo: 'FullDuplex',
  page: '/docs/websocket/full-duplex',
  title: 'Full duplex',
  async run(demo) {
    await demo.getByRole('button', {name: /^Start a stream/}).click();
    await expect(demo.locator('[data-lane="server-to-page"]', {hasText: 'tick 2 of'})).toBeVisible();
    await demo.getByLabel('Your message').fill('mid-stream');
    await demo.getByRole('button', {name: 'Send now'}).click();
    await expect(demo.locator('[data-lane="server-to-page"]', {hasText: 'echo “mid-stream”'})).toBeVisible();
    await expect(demo.getByText('tick 20 of 20')).toBeVisible({timeout: 15_000});
  },
  async expectReplay(demo) {
    await expect(demo.locator('[data-lane="server-to-page"]', {hasText: 'tick'})).toHaveCount(20);
    await expect(demo.locator('[data-lane="page-to-server"]')).toHaveText(/“mid-stream”/);
    await expect(demo.locator('[data-lane="server-to-page"]', {hasText: 'echo “mid-stream”'})).toBeVisible();
    await expect(demo.getByRole('button', {name: /^Start a stream/})).toBeVisible();
  },
} satisfies Session;
