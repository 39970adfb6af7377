import {expect, test} from '@playwright/test';

test('the server streams while the page sends: echoes land between the stream’s messages', async ({page}) => {
  await page.goto('/docs/websocket/full-duplex');
  const demo = page.getByRole('region', {name: 'Full duplex'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();
  await demo.getByRole('button', {name: /^Start a stream/}).click();

  const ticks = demo.locator('[data-lane="server-to-page"]', {hasText: 'tick'});
  await expect(ticks.first()).toBeVisible();
  await demo.getByLabel('Your message').fill('mid-stream');
  await demo.getByRole('button', {name: 'Send now'}).click();

  await expect(demo.getByText('tick 20 of 20')).toBeVisible({timeout: 15_000});
  const rows = await demo.locator('[data-lane]').allTextContents();
  const sentAt = rows.findIndex((row) => row.includes('“mid-stream”') && !row.includes('echo'));
  const echoAt = rows.findIndex((row) => row.includes('echo “mid-stream”'));
  const lastTickAt = rows.findIndex((row) => row.includes('tick 20 of 20'));
  expect(sentAt).toBeGreaterThan(0);
  expect(echoAt).toBeGreaterThan(sentAt);
  // The echo did not wait for the stream to end.
  expect(echoAt).toBeLessThan(lastTickAt);
  await expect(demo.getByRole('button', {name: /^Start a stream/})).toBeEnabled();
});
