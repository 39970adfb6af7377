import {expect, test} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import type {FtpVsHttpServerMessage} from '../../demo-server/src/contract/ftpVsHttp.ts';

test('the FTP and HTTP demo draws both transcripts and the counts Playwright saw on the wire, by keyboard alone', async ({
  page,
}) => {
  const received: FtpVsHttpServerMessage[] = [];
  page.on('websocket', (socket) => {
    if (!socket.url().endsWith(ENDPOINTS.ftpVsHttp)) return;
    socket.on('framereceived', ({payload}) => {
      if (typeof payload === 'string') received.push(JSON.parse(payload) as FtpVsHttpServerMessage);
    });
  });
  await page.goto('/blog/http-and-ftp');
  const demo = page.getByRole('region', {name: 'FTP and HTTP, side by side'});
  await expect(demo.getByText('Live', {exact: true})).toBeVisible();

  // Keyboard only: focus the file picker, choose the PNG, then Tab to the button and press Enter.
  await demo.getByLabel('File').focus();
  await page.keyboard.press('End');
  await expect(demo.getByLabel('File')).toHaveValue('checker.png');
  await page.keyboard.press('Tab');
  await expect(demo.getByRole('button', {name: 'Fetch it both ways'})).toBeFocused();
  await page.keyboard.press('Enter');

  const table = demo.getByRole('table');
  await expect(table).toBeVisible();
  const ftp = demo.getByRole('region', {name: 'FTP (RFC 959)'});
  const http = demo.getByRole('region', {name: 'HTTP/1.1 (RFC 9112)'});
  await expect(ftp.getByRole('list', {name: 'FTP sequence diagram'})).toContainText('USER anonymous');
  await expect(ftp.getByRole('list', {name: 'FTP sequence diagram'})).toContainText(
    '229 Entering Extended Passive Mode',
  );
  await expect(ftp.getByRole('list', {name: 'FTP sequence diagram'})).toContainText('RETR checker.png');
  await expect(ftp.getByRole('list', {name: 'FTP sequence diagram'})).toContainText('226 Transfer complete');
  await expect(http.getByRole('list', {name: 'HTTP sequence diagram'})).toContainText(
    'GET /files/checker.png HTTP/1.1',
  );
  await expect(http.getByRole('list', {name: 'HTTP sequence diagram'})).toContainText('HTTP/1.1 200 OK');

  // The counts on the page are the ones the server sent, and the rows are the steps it streamed.
  const summary = received.find((message) => message.type === 'summary');
  if (summary?.type !== 'summary') throw new Error('no summary on the wire');
  await expect(table.locator('tr[data-row="TCP connections"]')).toHaveText(
    `TCP connections${summary.ftp.connections}${summary.http.connections}`,
  );
  await expect(table.locator('tr[data-row="Round trips"]')).toHaveText(
    `Round trips${summary.ftp.roundTrips}${summary.http.roundTrips}`,
  );
  expect(summary.ftp.connections).toBe(2);
  expect(summary.http.connections).toBe(1);
  expect(summary.sameBytes).toBe(true);
  await expect(demo.locator('[data-same-bytes="true"]')).toContainText('Same bytes');
  const steps = (protocol: string) =>
    received.filter((message) => message.type === 'step' && message.protocol === protocol).length;
  await expect(ftp.locator('li[data-kind]')).toHaveCount(steps('ftp'));
  await expect(http.locator('li[data-kind]')).toHaveCount(steps('http'));
  // The whole conversation is drawn in the page's flow, not cut off inside a scroll box of its own.
  const diagram = ftp.getByRole('list', {name: 'FTP sequence diagram'});
  expect(await diagram.evaluate((list) => list.scrollHeight - list.clientHeight)).toBeLessThanOrEqual(1);

  // The text transcript opens from the keyboard and holds every line.
  const details = ftp.getByText('FTP (RFC 959) transcript as text');
  await details.focus();
  await page.keyboard.press('Enter');
  await expect(ftp.getByLabel('FTP (RFC 959) transcript as text', {exact: true}).last()).toContainText('221 Goodbye');

  // A second run works once the first is done; the button is usable again.
  await expect(demo.getByRole('button', {name: 'Fetch it both ways'})).toBeEnabled();
});

test('post 2 has its cover as social card, the FTP tag, and leads back to post 1 and to the REST constraints', async ({
  page,
}) => {
  await page.goto('/blog/http-and-ftp');
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', /\/img\/blog\/http-and-ftp\.png$/);
  // The cover comes first in the post body, with alt text that says what it shows.
  const cover = page.locator('article .markdown img').first();
  await expect(cover).toHaveAttribute('alt', /^Two sequence diagrams side by side: on the left FTP.*on the right HTTP/);
  await expect(cover).toHaveAttribute('width', '1200');
  await expect(cover).toHaveAttribute('height', '630');
  await expect(page.locator('article').getByRole('link', {name: 'FTP', exact: true})).toHaveAttribute(
    'href',
    '/blog/tags/ftp',
  );
  await expect(page.locator('article').getByRole('link', {name: 'REST API vs WebSocket'})).toHaveAttribute(
    'href',
    '/blog/rest-api-vs-websocket',
  );
  for (const constraint of ['client-server', 'stateless', 'cacheable', 'uniform-interface', 'layered-system']) {
    await expect(page.locator(`article a[href="/docs/rest/${constraint}"]`)).toHaveCount(1);
  }
  await expect(page.locator('article pre').filter({hasText: 'async function passive'})).toHaveCount(1);
});
