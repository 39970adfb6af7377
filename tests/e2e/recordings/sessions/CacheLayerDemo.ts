import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** A miss, a hit that never reached the origin, the origin directly, a change through the cache, a miss again. */
export default {
  demo: 'CacheLayerDemo',
  page: '/docs/rest/cacheable',
  title: 'A cache in between',
  async run(demo) {
    const rows = demo.getByRole('region', {name: 'Requests, newest first'}).locator('tbody tr');
    const throughCache = demo.getByRole('button', {name: 'GET the note through the cache'});
    await throughCache.click();
    await expect(rows.first()).toHaveAttribute('data-cache-status', /fwd=uri-miss/);
    await throughCache.click();
    await expect(rows.first()).toHaveAttribute('data-cache-status', /^otw-cache; hit/);
    await demo.getByRole('button', {name: 'GET it from the origin directly'}).click();
    await expect(rows.first()).toHaveAttribute('data-route', 'direct');
    await demo.getByRole('button', {name: 'Change it through the cache'}).click();
    await expect(rows.first()).toHaveAttribute('data-cache-status', /fwd=method/);
    await throughCache.click();
    await expect(rows.first()).toContainText('Changed through the cache');
  },
  async expectReplay(demo) {
    const rows = demo.getByRole('region', {name: 'Requests, newest first'}).locator('tbody tr');
    const summary = demo.getByTestId('cache-summary');
    await expect(rows).toHaveCount(5);
    await expect(summary).toHaveAttribute('data-through', '4');
    await expect(summary).toHaveAttribute('data-reached', '3');
    await expect(rows.first()).toContainText('Changed through the cache');
    await expect(rows.nth(3)).toHaveAttribute('data-cache-status', /^otw-cache; hit/);
  },
} satisfies Session;
