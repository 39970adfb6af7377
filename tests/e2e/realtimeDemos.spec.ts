/** The focused demo of each transport, checked against what Chromium put on the wire. */
import {expect, test, type Locator, type Page} from '@playwright/test';

async function open(page: Page, path: string, title: string): Promise<Locator> {
  await page.goto(path);
  const demo = page.getByRole('region', {name: title, exact: true});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  return demo;
}

async function figure(demo: Locator, name: string): Promise<number> {
  return Number(await demo.locator('dl[data-events]').getAttribute(`data-${name}`));
}

test('short polling: every poll is on the wire and in the log; a shorter interval asks more often and shows empty polls', async ({
  page,
}) => {
  const polls: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/events/poll' && url.searchParams.has('session')) polls.push(request.url());
  });
  const demo = await open(page, '/docs/realtime/short-polling', 'Short polling');
  await demo.getByLabel('Poll every').selectOption('250');
  await page.waitForTimeout(3_000);
  const log = demo.getByRole('region', {name: 'Every poll, newest first'});
  await expect(log.locator('li', {hasText: 'an empty poll'}).first()).toBeVisible();
  const fast = polls.length;
  expect(fast).toBeGreaterThanOrEqual(10);
  await expect.poll(() => figure(demo, 'requests'), {timeout: 3_000}).toBeGreaterThanOrEqual(fast);
  expect(await figure(demo, 'empty')).toBeGreaterThan(0);
  expect(await figure(demo, 'bytes-in')).toBeGreaterThan(0);

  await demo.getByLabel('Poll every').selectOption('2000');
  await page.waitForTimeout(2_500);
  const slow = polls.length;
  await page.waitForTimeout(4_000);
  // About two polls in four seconds at 2 s, where 250 ms made sixteen.
  expect(polls.length - slow).toBeLessThanOrEqual(3);
  expect(await figure(demo, 'gaps')).toBe(0);
});

test('long polling: one request held at a time, answered soon after each event, and asked again at once', async ({
  page,
}) => {
  const pending = new Set<string>();
  let most = 0;
  const reissueGaps: number[] = [];
  let lastAnswer = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== '/events/long-poll') return;
    pending.add(request.url());
    most = Math.max(most, pending.size);
    if (lastAnswer > 0) reissueGaps.push(Date.now() - lastAnswer);
  });
  page.on('requestfinished', (request) => {
    if (new URL(request.url()).pathname !== '/events/long-poll') return;
    pending.delete(request.url());
    lastAnswer = Date.now();
  });
  const demo = await open(page, '/docs/realtime/long-polling', 'Long polling');
  await expect(demo.getByTestId('held-for')).toBeVisible();
  await page.waitForTimeout(6_000);
  expect(most).toBe(1);
  expect(await figure(demo, 'events')).toBeGreaterThanOrEqual(3);
  expect(await figure(demo, 'gaps')).toBe(0);
  // The next request leaves as soon as the answer is in.
  expect(reissueGaps.length).toBeGreaterThanOrEqual(3);
  for (const gap of reissueGaps) expect(gap).toBeLessThan(300);
  // Each answer came within moments of its event (events come about once a second).
  const answers = demo
    .getByRole('region', {name: 'Requests and answers, newest first'})
    .locator('li[data-kind=answer]');
  await expect(answers.first()).toContainText('200 with 1 event');
  const delayP95 = await demo.locator('dl[data-events] div', {hasText: 'Delay p50 / p95'}).locator('dd').textContent();
  expect(delayP95).toMatch(/ms$/);
});

test('Server-Sent Events: dropping the stream, the browser reconnects by itself with Last-Event-ID and loses nothing', async ({
  page,
}) => {
  const streams: {lastEventId: string | undefined}[] = [];
  page.on('request', async (request) => {
    if (new URL(request.url()).pathname !== '/events/stream') return;
    const headers = await request.allHeaders();
    streams.push({lastEventId: headers['last-event-id']});
  });
  const demo = await open(page, '/docs/realtime/server-sent-events', 'Server-Sent Events');
  await expect(demo.locator('[data-ready-state]')).toHaveAttribute('data-ready-state', 'OPEN');
  await expect.poll(() => figure(demo, 'last-id'), {timeout: 5_000}).toBeGreaterThan(0);
  await demo.getByRole('button', {name: 'Drop the stream'}).click();
  await expect(demo.locator('[data-ready-state]')).toHaveAttribute('data-ready-state', 'CONNECTING');
  const shown = await figure(demo, 'last-id');
  await expect(demo.locator('[data-ready-state]')).toHaveAttribute('data-ready-state', 'OPEN', {timeout: 8_000});

  const check = demo.getByTestId('resume-check');
  await expect(check).toContainText('No gap, no duplicate', {timeout: 5_000});
  await expect.poll(() => check.getAttribute('data-next'), {timeout: 5_000}).not.toBe('');
  const resumedAfter = Number(await check.getAttribute('data-last-event-id'));
  expect(Number(await check.getAttribute('data-next'))).toBe(resumedAfter + 1);
  // The browser's own reconnect carried the id of the last event the page had.
  expect(streams).toHaveLength(2);
  expect(streams[1]?.lastEventId).toBe(String(resumedAfter));
  expect(resumedAfter).toBeGreaterThanOrEqual(shown);
  expect(await figure(demo, 'gaps')).toBe(0);
  expect(await figure(demo, 'duplicates')).toBe(0);
});

test('WebSocket push: one handshake, one frame per event, bytes out growing while bytes in stay put', async ({
  page,
}) => {
  let frames = 0;
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).pathname === '/ws/events') socket.on('framereceived', () => (frames += 1));
  });
  const demo = await open(page, '/docs/realtime/websocket-push', 'WebSocket push');
  await expect.poll(() => figure(demo, 'events'), {timeout: 6_000}).toBeGreaterThanOrEqual(3);
  await page.waitForTimeout(1_500);
  const bytesIn = await figure(demo, 'bytes-in');
  const bytesOut = await figure(demo, 'bytes-out');
  const events = await figure(demo, 'events');
  expect(await figure(demo, 'requests')).toBe(1);
  expect(Math.abs(frames - events)).toBeLessThanOrEqual(1);
  await page.waitForTimeout(3_000);
  expect(await figure(demo, 'bytes-out')).toBeGreaterThan(bytesOut);
  // Only pongs answering the server's heartbeat pings go up: 6 bytes each (2-byte header, 4-byte mask).
  const grownIn = (await figure(demo, 'bytes-in')) - bytesIn;
  expect(grownIn % 6).toBe(0);
  expect(grownIn).toBeLessThanOrEqual(12);

  await demo.getByRole('button', {name: 'Reconnect'}).click();
  await expect.poll(() => figure(demo, 'requests'), {timeout: 5_000}).toBe(2);
  await page.waitForTimeout(2_000);
  await expect(demo.getByTestId('ws-continuity')).toHaveText('No gap, no duplicate.');
});
