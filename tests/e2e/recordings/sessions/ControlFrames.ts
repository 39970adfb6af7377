import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** A close from the page, the next connection's report of both close frames, then a ping the browser answers. */
export default {
  demo: 'ControlFrames',
  page: '/docs/websocket/ping-pong-and-closing',
  title: 'Ping, pong and close',
  async run(demo) {
    await demo.getByRole('button', {name: 'Close from this page'}).click();
    await expect(demo.locator('[data-close-code="1000"]')).toBeVisible();
    await demo.getByRole('button', {name: 'Reconnect'}).click();
    await expect(demo.locator('[data-close-direction]')).toHaveCount(2);
    await demo.getByRole('button', {name: 'Ask the server to ping'}).click();
    await expect(demo.locator('[data-ping="ping 1"] [data-rtt]')).toHaveText(/\d+ ms/);
  },
  async expectReplay(demo) {
    await expect(demo.locator('[data-close-direction="client-to-server"]')).toContainText('1000');
    await expect(demo.locator('[data-close-direction="server-to-client"] code')).toHaveText(/^88 /);
    await expect(demo.locator('[data-ping="ping 1"]')).toContainText('answered by your browser');
    await expect(demo.locator('[data-ping="ping 1"] [data-rtt]')).toHaveText(/\d+ ms/);
  },
} satisfies Session;
