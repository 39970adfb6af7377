import {expect, test, type Locator, type Page} from '@playwright/test';

const ARTICLE = '/docs/realtime/request-response';
const LANES = ['poll', 'longPoll', 'sse', 'ws'] as const;

interface LaneData {
  events: number;
  firstId: number;
  lastId: number;
  gaps: number;
  duplicates: number;
  requests: number;
  bytes: number;
  p50: number;
}

async function lane(demo: Locator, transport: string): Promise<LaneData> {
  const data = await demo
    .locator(`[data-transport="${transport}"]`)
    .evaluate((el: HTMLElement) => Object.fromEntries(Object.entries(el.dataset)));
  return {
    events: Number(data.events),
    firstId: Number(data.firstId),
    lastId: Number(data.lastId),
    gaps: Number(data.gaps),
    duplicates: Number(data.duplicates),
    requests: Number(data.requests),
    bytes: Number(data.bytes),
    p50: Number(data.p50),
  };
}

async function openRace(page: Page): Promise<Locator> {
  await page.goto(ARTICLE);
  const demo = page.getByRole('region', {name: 'The polling race'});
  await expect(demo).toHaveAttribute('data-demo-status', 'live');
  return demo;
}

test('the four transports race for 10 s: all get the same events, none lost or repeated, with measured costs; WebSocket is faster than short polling', async ({
  page,
}) => {
  const demo = await openRace(page);
  await page.waitForTimeout(10_000);
  // Let the server's cost counters (read once a second) catch up.
  await page.waitForTimeout(1_200);
  const lanes = await Promise.all(LANES.map((transport) => lane(demo, transport)));
  for (const data of lanes) {
    expect(data.events).toBeGreaterThan(3);
    expect(data.requests).toBeGreaterThan(0);
    expect(data.bytes).toBeGreaterThan(0);
    expect(data.gaps).toBe(0);
    expect(data.duplicates).toBe(0);
  }
  // Every transport started from the same event.
  expect(new Set(lanes.map((data) => data.firstId)).size).toBe(1);
  const [poll, longPoll, sse, ws] = lanes as [LaneData, LaneData, LaneData, LaneData];
  // One request each for the streams; one per interval for short polling.
  expect(sse.requests).toBe(1);
  expect(ws.requests).toBe(1);
  expect(poll.requests).toBeGreaterThanOrEqual(9);
  expect(longPoll.requests).toBeGreaterThanOrEqual(longPoll.events - 1);
  expect(ws.p50).toBeLessThan(poll.p50);
  await expect(demo.getByRole('table')).toContainText('WebSocket');
  await expect(demo.getByText(/Server clock (ahead of|behind) yours by/)).toBeVisible();
  await expect(demo.getByRole('img', {name: /Timeline of the last 20 seconds/})).toBeVisible();
});

test('pause stops every request; the interval control changes how often short polling asks', async ({page}) => {
  const polls: number[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/events/poll' && request.url().includes('session='))
      polls.push(Date.now());
  });
  const demo = await openRace(page);
  await demo.getByLabel('Short-polling interval').selectOption('250');
  await page.waitForTimeout(500);
  const before = polls.length;
  await page.waitForTimeout(2_000);
  // About eight polls in two seconds at 250 ms.
  expect(polls.length - before).toBeGreaterThanOrEqual(6);

  await demo.getByRole('button', {name: 'Pause'}).click();
  await expect(demo.getByText('Paused.')).toBeVisible();
  await page.waitForTimeout(300);
  const paused = polls.length;
  const events = (await lane(demo, 'ws')).events;
  await page.waitForTimeout(2_000);
  expect(polls.length).toBe(paused);
  expect((await lane(demo, 'ws')).events).toBe(events);

  await demo.getByRole('button', {name: 'Resume'}).click();
  await page.waitForTimeout(2_500);
  expect(polls.length).toBeGreaterThan(paused);
  // Resuming from where each stopped: still no gap.
  for (const transport of LANES) expect((await lane(demo, transport)).gaps).toBe(0);
});
