import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** The page's own note, checked until a 304 comes back, then changed from the page and picked up at once. */
export default {
  demo: 'ClientServerDemo',
  page: '/docs/rest/client-server',
  title: 'Two clients, one resource',
  async run(demo) {
    const card = demo.getByTestId('note-card');
    const checks = demo.getByTestId('checks');
    await expect(card).toContainText('REST is a style');
    await expect(checks).toContainText(/[1-9]\d* × 304 Not Modified/, {timeout: 8_000});
    await demo.getByLabel('New title').fill('Changed from this page');
    await demo.getByRole('button', {name: 'Change it from this page'}).click();
    await expect(card).toContainText('Changed from this page');
    // At least 1: the page's own check after the change can cross a timed one, and both then count it.
    await expect(checks).toHaveAttribute('data-changed', /^[1-9]/);
  },
  async expectReplay(demo) {
    await expect(demo.getByTestId('note-card')).toContainText('Changed from this page');
    await expect(demo.getByTestId('checks')).toHaveAttribute('data-changed', /^[1-9]/);
    await expect(demo.getByTestId('checks')).toContainText(/[1-9]\d* × 304 Not Modified/);
    await expect(demo.getByLabel('curl command that changes the note')).toContainText(
      /\/api\/sandboxes\/[\w-]+\/notes\/1/,
    );
  },
  unstable: [
    // The page checks the note every 2 s on its own: a check still in flight when the run ends has no status yet.
    /^http GET \/api\/sandboxes\/\{id\}\/notes\/\{n\} 0$/,
  ],
} satisfies Session;
