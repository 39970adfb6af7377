import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** The JSON subprotocol offered and chosen, a text message in its envelope, then an offer the server cannot meet. */
export default {
  demo: 'Subprotocols',
  page: '/docs/websocket/subprotocols-and-extensions',
  title: 'Subprotocols',
  async run(demo) {
    await demo.getByRole('button', {name: 'Connect with this offer'}).click();
    await expect(demo.locator('[data-chosen="otw.json.v1"]')).toBeVisible();
    await demo.getByRole('button', {name: /Send the text/}).click();
    await expect(demo.locator('[data-reply]')).toContainText('"type":"echo"');
    await demo.getByRole('radio', {name: /^mqtt The server speaks none/}).check();
    await demo.getByRole('button', {name: 'Connect with this offer'}).click();
    await expect(demo.locator('[data-trial="failed"]')).toContainText('failed the connection');
  },
  async expectReplay(demo) {
    await expect(demo.locator('[data-trial="failed"]')).toContainText('failed the connection');
    await expect(demo.locator('[data-trial="failed"]')).toContainText('Sec-WebSocket-Protocol: mqtt');
    await expect(demo.getByRole('radio', {name: /^mqtt The server speaks none/})).toBeChecked();
  },
} satisfies Session;
