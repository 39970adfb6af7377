import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** Two failures: a path no endpoint has (404, so error then 1006), then the server cutting TCP without a close frame. */
export default {
  demo: 'HandshakeFailures',
  page: '/docs/when-it-breaks/handshake-failures',
  title: 'When the handshake fails',
  async run(demo) {
    const run = demo.getByTestId('handshake-run');
    await demo.getByRole('button', {name: 'A path that does not exist'}).click();
    await expect(run).toHaveAttribute('data-case', 'path');
    await expect(run).toHaveAttribute('data-status', 'done');
    await expect(run.getByTestId('server-saw')).toContainText('404');
    await demo.getByRole('button', {name: 'The server closes TCP with no close frame'}).click();
    await expect(run).toHaveAttribute('data-case', 'drop-tcp');
    await expect(run).toHaveAttribute('data-status', 'done');
    await expect(run.getByTestId('server-saw')).toContainText('101');
  },
  async expectReplay(demo) {
    const run = demo.getByTestId('handshake-run');
    await expect(run).toHaveAttribute('data-case', 'drop-tcp');
    await expect(run).toHaveAttribute('data-status', 'done');
    await expect(run.getByTestId('page-close-code')).toHaveText('1006');
    await expect(run.getByTestId('server-saw')).toContainText('101');
    await expect(run.getByTestId('handshake-why')).toContainText('No close frame arrived');
  },
} satisfies Session;
