import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** The shipped validator finds the empty title; the reader fixes the note, and the server agrees (201). */
export default {
  demo: 'CodeOnDemandDemo',
  page: '/docs/rest/code-on-demand',
  title: 'Code on demand',
  async run(demo) {
    const verdict = demo.getByTestId('client-verdict');
    const reach = demo.getByTestId('reach');
    await expect(demo.getByTestId('shipped-code')).toBeAttached();
    await expect(verdict).toContainText('"title" must be a non-empty string');
    await expect(reach.locator('tr[data-probe="pageRequest"] td').nth(0)).toHaveAttribute('data-reached', 'false');
    await expect(reach.locator('tr[data-probe="pageRequest"] td').nth(1)).toHaveAttribute('data-reached', 'true');
    await demo.getByLabel('Title').fill('A good note');
    await demo.getByLabel('Tags, separated by commas').fill('demo, code-on-demand');
    await expect(verdict).toContainText('finds nothing wrong');
    await demo.getByRole('button', {name: 'Save the note'}).click();
    await expect(demo.getByTestId('server-verdict')).toContainText('201');
  },
  async expectReplay(demo) {
    const reach = demo.getByTestId('reach');
    await expect(demo.getByTestId('server-verdict')).toContainText('201');
    await expect(demo.getByTestId('client-verdict')).toContainText('finds nothing wrong');
    await expect(demo.getByLabel('Title')).toHaveValue('A good note');
    await expect(reach.locator('tr[data-probe="origin"] td').nth(0)).toContainText('(null)');
    await expect(reach.locator('tr[data-probe="pageRequest"] td').nth(1)).toHaveAttribute('data-reached', 'true');
  },
} satisfies Session;
