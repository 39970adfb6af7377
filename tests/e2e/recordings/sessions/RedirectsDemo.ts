import {expect, type Locator} from '@playwright/test';
import type {Session} from '../session.ts';

const row = (demo: Locator, method: 'GET' | 'POST', status: number) =>
  demo.locator(`[data-testid="redirect-row"][data-method="${method}"][data-status="${status}"]`);

/** The matrix (GET and POST against 301, 302, 303, 307 and 308), then a 307 fetched with `redirect: "manual"`. */
export default {
  demo: 'RedirectsDemo',
  page: '/docs/http/redirects',
  title: 'Redirects, seen from both sides',
  async run(demo) {
    await demo.locator('button[data-action="matrix"]').click();
    await expect(demo.locator('[data-testid="redirect-row"][data-done="true"]')).toHaveCount(10);
    await expect(demo.locator('button[data-action="manual"]')).toBeEnabled();
    await demo.locator('button[data-action="manual"]').click();
    await expect(demo.locator('[data-testid="redirect-experiment"][data-experiment="manual"]')).toHaveAttribute(
      'data-done',
      'true',
    );
  },
  async expectReplay(demo) {
    await expect(demo.locator('[data-testid="redirect-row"][data-done="true"]')).toHaveCount(10);
    // RFC 9110 §15.4.4: a 303 turns the POST into a GET; §15.4.8: a 307 keeps the method and the body.
    await expect(row(demo, 'POST', 303).getByTestId('redirect-cell-target')).toContainText('GET');
    await expect(row(demo, 'POST', 307).getByTestId('redirect-cell-target')).toContainText('POST');
    const manual = demo.locator('[data-testid="redirect-experiment"][data-experiment="manual"]');
    await expect(manual.getByTestId('redirect-type')).toHaveText('"opaqueredirect"');
    await expect(manual.getByTestId('redirect-hop')).toHaveCount(1);
  },
} satisfies Session;
