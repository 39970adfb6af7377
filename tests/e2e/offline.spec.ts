import {expect, test} from '@playwright/test';
import {demoServer} from './demoServerControl.ts';

test.afterEach(async () => {
  await demoServer('start');
});

test('with the demo server stopped, the demo says so, says how to start it, and reconnects by itself', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await demoServer('stop');
  await page.goto('/docs/websocket/opening-handshake');
  const demo = page.getByRole('region', {name: 'Handshake Inspector'});

  await expect(demo.getByText('Offline', {exact: true})).toBeVisible();
  await expect(demo.getByText(/not answering at/)).toBeVisible();
  await expect(demo.getByText('npm run demo-server')).toBeVisible();
  await expect(demo.getByText(/Trying again in \d+ s\.|Trying again now/)).toBeVisible();
  await expect(demo.getByRole('button', {name: 'Try now'})).toBeVisible();
  // Screen readers hear the state change, politely.
  await expect(demo.getByRole('status')).toHaveText('Handshake Inspector: offline');

  // The first retries come within a second or two (backoff from 1 s, halved at worst by jitter): wait for one
  // at least 2 s away, so that the reconnection below is the button's, not a retry that beat the click.
  await expect(demo.getByText(/Trying again in ([4-9]|\d{2,}) s\./)).toBeVisible({timeout: 20_000});
  await demoServer('start');
  await demo.getByRole('button', {name: 'Try now'}).click();
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();
  await expect(demo.getByTestId('accept-verdict')).toContainText('Matches');
  expect(pageErrors).toEqual([]);
});

test('a live demo whose server goes away reconnects with backoff when it returns', async ({page}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto('/docs/websocket/opening-handshake');
  const demo = page.getByRole('region', {name: 'Handshake Inspector'});
  await expect(demo.getByTestId('accept-verdict')).toContainText('Matches');

  await demoServer('stop');
  await expect(demo.getByText('Offline', {exact: true})).toBeVisible();
  await demoServer('start');
  // No click: the scheduled retry finds the server again (first delays are 0.5–1 s, then 1–2 s, 2–4 s).
  await expect(demo.getByText('Live', {exact: true})).toBeVisible({timeout: 15_000});
  await expect(demo.locator('[data-handshake-number="2"]')).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('the polling race says when the server is gone, and when it is back all four transports carry on from its new events', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto('/docs/realtime/request-response');
  const demo = page.getByRole('region', {name: 'The polling race'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  await expect(demo.locator('[data-transport="ws"]')).not.toHaveAttribute('data-events', '0', {timeout: 5_000});

  await demoServer('stop');
  await expect(demo.getByText('Offline', {exact: true})).toBeVisible({timeout: 10_000});
  await expect(demo.getByText('npm run demo-server')).toBeVisible();
  await demoServer('start');
  await expect(demo).toHaveAttribute('data-demo-status', 'live', {timeout: 15_000});
  // The restarted server's ids began again; every transport starts from its newest event and receives.
  for (const transport of ['poll', 'longPoll', 'sse', 'ws']) {
    const lane = demo.locator(`[data-transport="${transport}"]`);
    await expect(lane).not.toHaveAttribute('data-events', '0', {timeout: 8_000});
    await expect(lane).toHaveAttribute('data-gaps', '0');
    await expect(lane).toHaveAttribute('data-duplicates', '0');
  }
  expect(pageErrors).toEqual([]);
});
