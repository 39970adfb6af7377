import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** The form as it opens (a POST with a body, answered chunked with a trailer), sent once and inspected. */
export default {
  demo: 'HttpInspector',
  page: '/docs/http/messages',
  title: 'HTTP inspector',
  async run(demo) {
    await demo.getByTestId('send').click();
    await expect(demo.locator('[data-testid="inspected"] [data-message="response"]')).toBeVisible();
  },
  async expectReplay(demo) {
    const result = demo.getByTestId('inspected');
    await expect(result.locator('[data-message="request"]')).toBeVisible();
    await expect(result.locator('[data-message="response"] li[data-kind="chunk-size"]')).toHaveCount(3);
    await expect(result.getByTestId('request-url')).toContainText('notes?lang=en');
    await expect(result.getByTestId('page-saw')).toContainText('status 200');
  },
} satisfies Session;
