import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** A reply the server sends in three frames, then a short text message, masked, with its echo and its unmasking. */
export default {
  demo: 'FrameInspector',
  page: '/docs/websocket/frames-and-masking',
  title: 'Frame Inspector',
  async run(demo) {
    await demo.getByLabel('Message').fill('Hello');
    await demo.getByRole('button', {name: /^Fragmented reply/}).click();
    await expect(demo.locator('[data-fragment]')).toHaveCount(3);
    await expect(demo.locator('[data-reassembled]')).toContainText('put back together: Hello');
    await demo.getByRole('button', {name: 'Send as text'}).click();
    await expect(demo.getByText('The server’s reply (server → client)')).toBeVisible();
    await expect(demo.locator('[data-xor-row="4"]')).toContainText('o');
  },
  async expectReplay(demo) {
    await expect(demo.locator('[data-exchange="1"]')).toBeVisible();
    await expect(demo.locator('[data-field="masking-key"]')).toBeVisible();
    await expect(demo.getByText('The server’s reply (server → client)')).toBeVisible();
    await expect(demo.locator('[data-xor-row="0"]')).toContainText('H');
    await expect(demo.locator('[data-xor-row="4"]')).toContainText('o');
  },
} satisfies Session;
