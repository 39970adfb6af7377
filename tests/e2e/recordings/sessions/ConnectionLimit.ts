import {expect, type Locator} from '@playwright/test';
import type {Session} from '../session.ts';

async function answered(demo: Locator): Promise<void> {
  const summary = demo.getByTestId('connection-summary');
  await expect(summary).toContainText('8 requests went over 6 connections', {timeout: 10_000});
  await expect(summary).toContainText('http/1.1');
  await expect(demo.getByRole('region', {name: 'Requests, one per row'}).locator('tbody tr')).toHaveCount(8);
  await expect(demo.getByRole('img', {name: /6 connections, 2 requests waited/})).toBeVisible();
}

/** Eight requests at once, each held 2 s (the demo's defaults): Chromium opens six connections, and two requests wait for one. */
export default {
  demo: 'ConnectionLimit',
  page: '/docs/realtime/connection-limits',
  title: 'Connections per host',
  async run(demo) {
    await demo.getByLabel('Requests').selectOption('8');
    await demo.getByLabel('Each held for').selectOption('2000');
    await demo.getByRole('button', {name: 'Send 8 requests at once'}).click();
    await answered(demo);
  },
  async expectReplay(demo) {
    await answered(demo);
  },
} satisfies Session;
