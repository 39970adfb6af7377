/** Waiting on the demo server's event source from a test. */
import {expect} from 'vitest';
import type {PollResponse} from '../../../demo-server/src/contract/events.ts';

/**
 * Resolves once the server at `serverUrl` has emitted event `id`, read off `/events/poll`'s `latestId`. A test that
 * needs the backlog to have moved past its first events waits for this, not for a fixed time: the source's interval
 * does not catch up on ticks it missed, so on a machine with both cores busy 300–400 ms of a 20 ms interval once
 * held too few events.
 */
export async function eventEmitted(serverUrl: string, id: number): Promise<void> {
  await expect
    .poll(async () => ((await (await fetch(`${serverUrl}/events/poll`)).json()) as PollResponse).latestId, {
      message: `event ${id} emitted`,
      timeout: 10_000,
    })
    .toBeGreaterThanOrEqual(id);
}
