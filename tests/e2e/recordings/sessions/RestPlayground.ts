import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** The API root as typed, then a note of the reader's own sandbox read twice: 200 with an ETag, then 304. */
export default {
  demo: 'RestPlayground',
  page: '/docs/rest/what-rest-is',
  title: 'REST Playground',
  async run(demo) {
    const response = demo.getByTestId('response');
    const received = demo.getByTestId('recorded-request');
    await demo.getByRole('button', {name: 'Send'}).click();
    await expect(received).toContainText('GET /api HTTP/1.1');
    await expect(response).toContainText('HTTP/1.1 200 OK');
    await demo.getByLabel('Preset').selectOption({label: 'Read a note'});
    await expect(demo.getByText(/Expect: 200 with a strong ETag/)).toBeVisible();
    await demo.getByRole('button', {name: 'Send'}).click();
    // The note's answer, not the root's still shown (which has an ETag too, and the next preset would take it).
    await expect(received).toContainText(/GET \/api\/sandboxes\/\S+\/notes\/1 HTTP\/1\.1/);
    await expect(response).toContainText(/etag: "/i);
    await demo.getByLabel('Preset').selectOption({label: 'Read it again, conditionally'});
    await expect(demo.getByLabel('Headers (one per line)')).toHaveValue(/If-None-Match: "/);
    await demo.getByRole('button', {name: 'Send'}).click();
    await expect(response).toContainText('HTTP/1.1 304 Not Modified');
  },
  async expectReplay(demo) {
    await expect(demo.getByTestId('response')).toContainText('HTTP/1.1 304 Not Modified');
    await expect(demo.getByTestId('recorded-request')).toContainText(/if-none-match: "/i);
    await expect(demo.getByText(/Expect: 304 Not Modified/)).toBeVisible();
    await expect(demo.getByText(/Your sandbox: \/api\/sandboxes\//)).toBeVisible();
  },
} satisfies Session;
