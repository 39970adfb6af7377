import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** Log in, add twice to the session cart (one add lands on the replica without the session), twice to the carried one. */
export default {
  demo: 'StatelessDemo',
  page: '/docs/rest/stateless',
  title: 'Stateless or not',
  async run(demo) {
    const stateful = demo.getByRole('list', {name: 'Requests to the session cart, newest first'}).locator('li');
    const stateless = demo.getByRole('list', {name: 'Requests to the carried cart, newest first'}).locator('li');
    await demo.getByRole('button', {name: 'Log in'}).click();
    await expect(stateful).toHaveCount(1);
    for (const count of [2, 3]) {
      await demo.getByRole('button', {name: 'Add to the session cart'}).click();
      await expect(stateful).toHaveCount(count);
    }
    for (const count of [1, 2]) {
      await demo.getByRole('button', {name: 'Add to the carried cart'}).click();
      await expect(stateless).toHaveCount(count);
    }
  },
  async expectReplay(demo) {
    const stateful = demo.getByRole('list', {name: 'Requests to the session cart, newest first'}).locator('li');
    const stateless = demo.getByRole('list', {name: 'Requests to the carried cart, newest first'}).locator('li');
    await expect(stateful).toHaveCount(3);
    await expect(stateful.filter({hasText: 'session created here'})).toHaveCount(1);
    await expect(stateful.filter({hasText: 'has no session'})).toHaveCount(1);
    await expect(stateless).toHaveCount(2);
    // The balancer alternates: login on one replica (201), the first add on the other (401), the second back (200).
    await expect(stateful.and(demo.locator('[data-status="401"]'))).toHaveCount(1);
    await expect(stateless.and(demo.locator('[data-status="200"]'))).toHaveCount(2);
  },
} satisfies Session;
