import {expect, test} from '@playwright/test';

test('each offer is a new handshake: the page shows what the server chose, how the echo changes, and when the browser refuses', async ({
  page,
}) => {
  const offered: Array<string | undefined> = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketWillSendHandshakeRequest', ({request}) => {
    const header = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'sec-websocket-protocol');
    offered.push(header?.[1]);
  });

  await page.goto('/docs/websocket/subprotocols-and-extensions');
  const demo = page.getByRole('region', {name: 'Subprotocols'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();
  const connect = demo.getByRole('button', {name: 'Connect with this offer'});

  // otw.json.v1 (the default choice): chosen, and replies become envelopes.
  await connect.click();
  await expect(demo.locator('[data-chosen="otw.json.v1"]')).toBeVisible();
  expect(offered.at(-1)).toBe('otw.json.v1');
  await demo.getByRole('button', {name: /Send the text/}).click();
  await expect(demo.locator('[data-reply]')).toContainText('"type":"echo"');

  // The client's order of preference decides.
  await demo.getByRole('radio', {name: /^otw\.text\.v1, otw\.json\.v1/}).check();
  await connect.click();
  await expect(demo.locator('[data-chosen="otw.text.v1"]')).toBeVisible();
  await demo.getByRole('button', {name: /Send the text/}).click();
  await expect(demo.locator('[data-reply]')).toHaveText('text: hello');
  await demo.getByRole('button', {name: /Send the bytes/}).click();
  await expect(demo.locator('[data-trial-close="1003"]')).toContainText('unsupported data');

  // Nothing offered: no header, plain echo.
  await demo.getByRole('radio', {name: /^\(nothing\)/}).check();
  await connect.click();
  await expect(demo.locator('[data-chosen=""]')).toContainText('no subprotocol');
  expect(offered.at(-1)).toBeUndefined();

  // Offers the server does not speak: it answers without one, and the browser fails the connection.
  await demo.getByRole('radio', {name: /^mqtt The server speaks none/}).check();
  await connect.click();
  await expect(demo.locator('[data-trial="failed"]')).toContainText('failed the connection');
  expect(offered.at(-1)).toBe('mqtt');
});
