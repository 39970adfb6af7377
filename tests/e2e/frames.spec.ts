import {expect, test} from '@playwright/test';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {parseInspectMessage, type FrameReport} from '../../demo-server/src/contract/inspect.ts';

const ARTICLE = '/docs/websocket/frames-and-masking';

test.describe('Frame Inspector', () => {
  test('shows the frame this browser sent, with the masking key the server saw on the wire', async ({page}) => {
    const sentPayloads: string[] = [];
    const clientReports: FrameReport[] = [];
    page.on('websocket', (socket) => {
      if (!socket.url().endsWith(ENDPOINTS.inspect)) return;
      socket.on('framesent', ({payload}) => sentPayloads.push(String(payload)));
      socket.on('framereceived', ({payload}) => {
        const message = typeof payload === 'string' ? parseInspectMessage(payload) : null;
        if (message?.type === 'frame' && message.direction === 'client-to-server') clientReports.push(message);
      });
    });

    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Frame Inspector'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    await demo.getByLabel('Message').fill('Hello');
    await demo.getByRole('button', {name: 'Send as text'}).click();

    await expect(demo.locator('[data-field="masking-key"]')).toBeVisible();
    // What Playwright saw the page send…
    expect(sentPayloads).toEqual(['Hello']);
    // …is what the server reported receiving, masked with the key the page shows.
    await expect.poll(() => clientReports.length).toBeGreaterThan(0);
    const report = clientReports[0]!;
    expect(Buffer.from(report.payload, 'base64').toString()).toBe('Hello');
    expect(report).toMatchObject({masked: true, opcode: 1, payloadLength: 5, lengthForm: '7-bit'});
    const key = report.maskingKey!.match(/../g)!.join(' ');
    await expect(demo.locator('[data-field="masking-key"]')).toContainText(key);

    // The unmasking table gives back the letters typed.
    await expect(demo.locator('[data-xor-row="0"]')).toContainText('H');
    await expect(demo.locator('[data-xor-row="4"]')).toContainText('o');
    // The server's reply is not masked.
    await expect(demo.getByText('0: not masked')).toBeVisible();
  });

  test('the 70 KB preset uses the 64-bit length form, the 200-byte one the 16-bit form', async ({page}) => {
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Frame Inspector'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();

    await demo.getByRole('button', {name: /^200-byte text/}).click();
    await expect(demo.getByText('Length (16 bits)').first()).toBeVisible();
    await expect(demo.getByText('200 bytes', {exact: true}).first()).toBeVisible();

    await demo.getByRole('button', {name: /^70 KB text/}).click();
    await expect(demo.locator('[data-exchange="2"]')).toBeVisible();
    await expect(demo.getByText('Length (64 bits)').first()).toBeVisible();
    await expect(demo.getByText('70,000 bytes', {exact: true}).first()).toBeVisible();
  });

  test('fields are explained to keyboard users', async ({page}) => {
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Frame Inspector'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    await demo.getByRole('button', {name: /^An emoji/}).click();
    const mask = demo.locator('[data-field="mask"] button').first();
    await mask.focus();
    await expect(mask).toHaveAttribute('aria-pressed', 'true');
    await expect(mask).toHaveAccessibleDescription(/must mask every frame/);
    // The emoji is one character but four UTF-8 bytes.
    await expect(demo.locator('[data-field="length"]').first()).toContainText('4 (the length itself)');
  });

  test('a fragmented reply arrives as three frames and reaches the page as one message', async ({page}) => {
    const received: string[] = [];
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({payload}) => {
        if (typeof payload === 'string' && payload === 'Fragments, then one message') received.push(payload);
      });
    });
    await page.goto(ARTICLE);
    const demo = page.getByRole('region', {name: 'Frame Inspector'});
    await expect(demo.getByText('Live', {exact: true})).toBeVisible();
    await demo.getByLabel('Message').fill('Fragments, then one message');
    await demo.getByRole('button', {name: /^Fragmented reply/}).click();

    await expect(demo.locator('[data-reassembled]')).toContainText('put back together: Fragments, then one message');
    await expect(demo.locator('[data-fragment]')).toHaveCount(3);
    await expect(demo.locator('[data-fragment="0"]')).toContainText('FIN 0 · opcode 0x1');
    await expect(demo.locator('[data-fragment="1"]')).toContainText('FIN 0 · opcode 0x0');
    await expect(demo.locator('[data-fragment="2"]')).toContainText('FIN 1 · opcode 0x0');
    // Playwright, like the page, sees one message: the browser reassembled the frames.
    expect(received).toEqual(['Fragments, then one message']);
  });
});
