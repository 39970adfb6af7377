import {expect} from '@playwright/test';
import {APP_HEARTBEAT} from '../../../../demo-server/src/contract/faults.ts';
import type {Session} from '../session.ts';

/**
 * One connection: a heartbeat is answered, then the server stops answering; the page's next heartbeat misses its
 * deadline, the page declares the connection dead and closes it, and the server's record follows.
 */
export default {
  demo: 'LivenessFaults',
  page: '/docs/when-it-breaks/liveness',
  title: 'Liveness, faults on a live WebSocket',
  async run(demo) {
    const entry = (kind: string) => demo.locator(`[data-testid="liveness-entry"][data-kind="${kind}"]`);
    await demo.getByRole('button', {name: 'Open a connection'}).click();
    await expect(demo.getByTestId('liveness-status')).toHaveAttribute('data-status', 'open');
    // The page's first heartbeat goes 1 s after the open: wait for its answer, then break it.
    await expect(entry('heartbeats')).toHaveCount(1);
    await demo.getByRole('radio', {name: 'The server stops answering pings'}).check();
    await demo.getByRole('button', {name: 'Switch it on'}).click();
    await expect(entry('declared-dead')).toHaveCount(1, {
      timeout: APP_HEARTBEAT.intervalMs + APP_HEARTBEAT.deadlineMs + 5_000,
    });
    await expect(demo.getByTestId('liveness-status')).toHaveAttribute('data-status', 'closed');
    await expect(demo.getByTestId('server-saw-exchange')).toHaveCount(1);
  },
  async expectReplay(demo) {
    const entry = (kind: string) => demo.locator(`[data-testid="liveness-entry"][data-kind="${kind}"]`);
    await expect(entry('fault')).toHaveCount(1);
    await expect(entry('declared-dead')).toHaveCount(1);
    await expect(entry('close')).toHaveCount(1);
    await expect(demo.getByTestId('liveness-status')).toHaveAttribute('data-status', 'closed');
    await expect(demo.getByTestId('server-saw-exchange')).toHaveCount(1);
  },
  unstable: [
    // A run of the server's pings whose pong has not come back yet has no round trip: whether the run ends with one
    // (a ping sent just before the page closes the connection) is the machine's timing, not the server's behaviour.
    /^view\.session\.entries\[\]\.(minMs|maxMs):null$/,
  ],
} satisfies Session;
