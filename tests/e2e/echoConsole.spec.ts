import {expect, test} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';

test('the echo console logs what went out and what came back, as Playwright saw it on the wire', async ({page}) => {
  const sent: Array<string | Buffer> = [];
  const received: Array<string | Buffer> = [];
  page.on('websocket', (socket) => {
    if (!socket.url().endsWith(ENDPOINTS.echo)) return;
    socket.on('framesent', ({payload}) => sent.push(payload));
    socket.on('framereceived', ({payload}) => received.push(payload));
  });
  await page.goto('/docs/websocket/echo-console');
  const demo = page.getByRole('region', {name: 'Echo console'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();

  await demo.getByLabel('Message text').fill('héllo 👋');
  await demo.getByRole('button', {name: 'Send'}).click();
  await expect(demo.locator('tr[data-direction="received"]')).toHaveCount(1);
  await expect(demo.locator('tr[data-direction="received"]').first()).toContainText('héllo 👋');
  // 11 bytes of UTF-8 for 7 characters (é takes 2, the emoji 4).
  await expect(demo.locator('tr[data-direction="sent"]').first()).toContainText('11 B');

  await demo.getByLabel('Binary (hex)').check();
  await demo.getByLabel('Message bytes in hex').fill('00 ff 7e');
  await demo.getByRole('button', {name: 'Send'}).click();
  await expect(demo.locator('tr[data-direction="received"]')).toHaveCount(2);
  await expect(demo.locator('tr[data-direction="received"]').nth(1)).toContainText('00 ff 7e');

  expect(sent.map((p) => (typeof p === 'string' ? p : [...p]))).toEqual(['héllo 👋', [0, 255, 126]]);
  expect(received.map((p) => (typeof p === 'string' ? p : [...p]))).toEqual(['héllo 👋', [0, 255, 126]]);

  await demo.getByLabel('Message bytes in hex').fill('zz');
  await demo.getByRole('button', {name: 'Send'}).click();
  await expect(demo.getByRole('alert')).toContainText('pairs of hex digits');

  await demo.getByRole('button', {name: 'Clear log'}).click();
  await expect(demo.locator('tr[data-direction]')).toHaveCount(0);
});
