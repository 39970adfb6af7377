import {expect, type Locator} from '@playwright/test';
import type {Session} from '../session.ts';

const lane = (demo: Locator, key: string) => demo.locator(`[data-transport="${key}"]`);
const TRANSPORTS = ['poll', 'longPoll', 'sse', 'ws'] as const;

/**
 * Through a plain proxy, each of the four transports gets its events; then the proxy strips `Upgrade`: the three
 * HTTP transports still get theirs, the WebSocket's handshake fails, and the reader asks the server what it saw of
 * the WebSocket's requests behind the proxy.
 */
export default {
  demo: 'ProxyInThePath',
  page: '/docs/when-it-breaks/proxy-in-the-path',
  title: 'A proxy in the path',
  async run(demo) {
    // Events come about once a second.
    for (const key of TRANSPORTS) await expect(lane(demo, key)).not.toHaveAttribute('data-events', '0');
    await demo.getByRole('checkbox', {name: /Strip Upgrade/}).check();
    await expect(demo.getByTestId('proxy-path')).toHaveText('/via-proxy/upgrade=strip/…');
    await expect(lane(demo, 'ws')).not.toHaveAttribute('data-failures', '0');
    for (const key of TRANSPORTS.slice(0, 3)) await expect(lane(demo, key)).not.toHaveAttribute('data-events', '0');
    await lane(demo, 'ws').getByRole('button', {name: 'What did the server see? (WebSocket)'}).click();
    await expect(lane(demo, 'ws').getByTestId('server-saw-notes').first()).toContainText('removed Upgrade');
  },
  async expectReplay(demo) {
    await expect(demo.getByRole('checkbox', {name: /Strip Upgrade/})).toBeChecked();
    await expect(demo.getByTestId('proxy-path')).toHaveText('/via-proxy/upgrade=strip/…');
    await expect(lane(demo, 'ws')).not.toHaveAttribute('data-failures', '0');
    await expect(lane(demo, 'ws').getByTestId('last-failure')).toContainText('The WebSocket could not be opened.');
    for (const key of TRANSPORTS.slice(0, 3)) await expect(lane(demo, key)).not.toHaveAttribute('data-events', '0');
    await expect(lane(demo, 'ws').getByTestId('server-saw-response').first()).toContainText('426 Upgrade Required');
    await expect(lane(demo, 'ws').getByTestId('server-saw-notes').first()).toContainText('removed Upgrade');
  },
  unstable: [
    // A poll or long poll still out when the run restarted with the new setting (aborted), or when the recording
    // was taken (no answer yet): whether one is out at that moment is the reader's timing.
    /^http GET \/via-proxy\/\S+ (0|error)$/,
    // The WebSocket lane, failing again and again, is either waiting to retry or trying again when the recording
    // is taken (every other lane has a request or stream out, `since` set and no retry).
    /^view\.run\.lanes\[\]\.state\.(retryAt:number|since:null)$/,
  ],
} satisfies Session;
