import {expect, test} from '@playwright/test';

const ARTICLE = '/docs/realtime/connection-limits';

test('eight requests at once over HTTP/1.1: six connections, and the two extra requests reach the server late, on reused connections', async ({
  page,
}) => {
  const held: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/hold') held.push(request.url());
  });
  await page.goto(ARTICLE);
  const demo = page.getByRole('region', {name: 'Connections per host'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  await demo.getByLabel('Requests').selectOption('8');
  await demo.getByLabel('Each held for').selectOption('2000');
  await demo.getByRole('button', {name: 'Send 8 requests at once'}).click();

  const summary = demo.getByTestId('connection-summary');
  await expect(summary).toContainText('8 requests went over 6 connections', {timeout: 10_000});
  await expect(summary).toContainText('http/1.1');
  expect(held).toHaveLength(8);

  const rows = demo.getByRole('region', {name: 'Requests, one per row'}).locator('tbody tr');
  await expect(rows).toHaveCount(8);
  const reached = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      connection: tr.getAttribute('data-connection'),
      reached: Number(tr.getAttribute('data-reached')),
    })),
  );
  const late = reached.filter((row) => row.reached > 1500);
  expect(late).toHaveLength(2);
  // The late ones rode connections an earlier request had used.
  const early = new Set(reached.filter((row) => row.reached <= 1500).map((row) => row.connection));
  expect(early.size).toBe(6);
  for (const row of late) expect(early.has(row.connection)).toBe(true);
  await expect(demo.getByRole('img', {name: /6 connections, 2 requests waited/})).toBeVisible();
});
