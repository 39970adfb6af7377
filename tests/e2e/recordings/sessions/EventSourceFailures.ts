import {expect} from '@playwright/test';
import {EVENT_FAULT_LIMITS} from '../../../../demo-server/src/limits.ts';
import type {Session} from '../session.ts';

const label = `Ends, retry: ${EVENT_FAULT_LIMITS.retryHintMs}`;

/** A stream that ends cleanly after a `retry:` hint: the browser reconnects by itself, twice, with Last-Event-ID. */
export default {
  demo: 'EventSourceFailures',
  page: '/docs/when-it-breaks/eventsource-failures',
  title: 'EventSource against a misbehaving server',
  async run(demo) {
    await demo.getByRole('button', {name: label}).click();
    const run = demo.getByTestId('case-run');
    await expect(run).toHaveAttribute('data-case', 'end-retry');
    await expect(run).toHaveAttribute('data-phase', 'done', {timeout: 15_000});
    await expect(run.getByTestId('server-requests')).toHaveAttribute('data-count', '3');
  },
  async expectReplay(demo) {
    const run = demo.getByTestId('case-run');
    await expect(run).toHaveAttribute('data-case', 'end-retry');
    await expect(run).toHaveAttribute('data-phase', 'done');
    await expect(run.getByTestId('page-view')).toHaveAttribute('data-ready-states', '0,1,0,1,0,1,2');
    await expect(run.getByTestId('server-requests')).toHaveAttribute('data-count', '3');
    await expect(run.getByTestId('decides')).toContainText('reestablish the connection');
  },
} satisfies Session;
