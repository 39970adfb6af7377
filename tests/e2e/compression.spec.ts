import {expect, test} from '@playwright/test';

test('the same message is smaller on the wire with permessage-deflate, and its frame has RSV1 set', async ({page}) => {
  const extensions: Array<string | undefined> = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketHandshakeResponseReceived', ({response}) => {
    const header = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'sec-websocket-extensions');
    extensions.push(header?.[1]);
  });

  await page.goto('/docs/websocket/subprotocols-and-extensions');
  const demo = page.getByRole('region', {name: 'Compression compared'});
  await expect(demo.getByRole('button', {name: 'Send it over both'})).toBeEnabled();
  // Chromium negotiated the extension with exactly one of the two endpoints.
  expect(extensions.filter((value) => value?.includes('permessage-deflate'))).toHaveLength(1);

  await demo.getByRole('button', {name: 'Send it over both'}).click();
  const plain = demo.locator('[data-side="plain"]');
  const deflate = demo.locator('[data-side="deflate"]');
  await expect(plain.locator('[data-rsv1="false"]')).toBeVisible();
  await expect(deflate.locator('[data-rsv1="true"]')).toBeVisible();
  const plainBytes = Number(await plain.locator('[data-client-bytes]').getAttribute('data-client-bytes'));
  const deflateBytes = Number(await deflate.locator('[data-client-bytes]').getAttribute('data-client-bytes'));
  expect(deflateBytes).toBeLessThan(plainBytes / 2);
});
