import {expect} from '@playwright/test';
import {STREAM_LIMITS} from '../../../../demo-server/src/limits.ts';
import type {Session} from '../session.ts';

/** The default prompt streamed both ways, to the end, then the server's record of both requests. */
export default {
  demo: 'StreamedResponse',
  page: '/docs/http/streaming-responses',
  title: 'A streamed response, read two ways',
  async run(demo) {
    await demo.getByTestId('stream-start').click();
    await expect(demo.getByTestId('fetch-text')).toHaveAttribute('data-phase', 'done');
    await expect(demo.getByTestId('eventsource-text')).toHaveAttribute('data-phase', 'done');
    // The POST carries JSON to another origin: Chromium's preflight is in the record too.
    await expect(demo.getByTestId('server-saw-exchange')).toHaveCount(3);
  },
  async expectReplay(demo) {
    const tokens = String(STREAM_LIMITS.defaultTokens);
    await expect(demo.getByTestId('fetch-text')).toHaveAttribute('data-tokens', tokens);
    await expect(demo.getByTestId('eventsource-text')).toHaveAttribute('data-tokens', tokens);
    await expect(demo.getByTestId('eventsource-summary')).toContainText(`lastEventId: ${tokens}`);
    await expect(demo.getByTestId('fetch-chunk').first()).toBeVisible();
    await expect(demo.getByTestId('server-saw-exchange')).toHaveCount(3);
    await expect(demo.getByTestId('server-saw-notes')).toContainText(`POST: wrote ${tokens} tokens`);
  },
} satisfies Session;
