import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** welcome.txt fetched both ways: both conversations drawn, and the tally of their costs. */
export default {
  demo: 'FtpVsHttp',
  // The one demo whose page is a blog post: it has no article in docs/.
  page: '/blog/http-and-ftp',
  title: 'FTP and HTTP, side by side',
  async run(demo) {
    await demo.getByRole('button', {name: 'Fetch it both ways'}).click();
    await expect(demo.locator('[data-same-bytes="true"]')).toBeVisible();
    await expect(demo.getByRole('button', {name: 'Fetch it both ways'})).toBeEnabled();
  },
  async expectReplay(demo) {
    const table = demo.getByRole('table');
    await expect(table.locator('tr[data-row="TCP connections"]')).toHaveText('TCP connections21');
    await expect(demo.locator('[data-same-bytes="true"]')).toContainText('Same bytes');
    await expect(demo.getByRole('list', {name: 'FTP sequence diagram'})).toContainText('RETR welcome.txt');
    await expect(demo.getByRole('list', {name: 'FTP sequence diagram'})).toContainText('226 Transfer complete');
    await expect(demo.getByRole('list', {name: 'HTTP sequence diagram'})).toContainText('HTTP/1.1 200 OK');
  },
} satisfies Session;
