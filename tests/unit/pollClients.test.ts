/**
 * The short- and long-poll clients against a scripted fetch: rescheduling
 * when the interval changes, and starting over when the server no longer
 * knows the id the client continues from (it restarted).
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {PollResponse, ServerEvent} from '../../demo-server/src/contract.ts';
import {LongPollClient, ShortPollClient, type TransportActivity} from '../../src/lib/realtime/transports.ts';

const SERVER = 'http://localhost:8787';
const SESSION = 'test-session-1';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {status, headers: {'content-type': 'application/json'}});
}

function event(id: number): ServerEvent {
  return {id, emittedAt: 1_000 + id, value: 100};
}

/** A fetch that answers from `answer(url)` and records every URL it was asked for. */
function scriptedFetch(answer: (url: URL) => Response | Promise<Response>) {
  const urls: URL[] = [];
  const fetchImpl = vi.fn((input: string | URL) => {
    const url = new URL(input);
    urls.push(url);
    return Promise.resolve(answer(url));
  }) as unknown as typeof fetch;
  return {urls, fetchImpl};
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ShortPollClient', () => {
  it('polls every intervalMs, and a shorter interval takes effect at once, not after the old one', async () => {
    const body: PollResponse = {events: [], latestId: 5};
    const {urls, fetchImpl} = scriptedFetch(() => json(body));
    const client = new ShortPollClient({
      serverUrl: SERVER,
      session: SESSION,
      intervalMs: 5_000,
      onEvents: () => {},
      fetchImpl,
      now: () => Date.now(),
    });
    client.start(5);
    await vi.advanceTimersByTimeAsync(0);
    expect(urls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(urls).toHaveLength(1);

    // 1 s after the last poll started, 250 ms is overdue: the next poll goes now.
    client.setIntervalMs(250);
    await vi.advanceTimersByTimeAsync(0);
    expect(urls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(urls).toHaveLength(6);

    // Longer again: the poll due in 250 ms moves to 2 s after the last start.
    client.setIntervalMs(2_000);
    await vi.advanceTimersByTimeAsync(1_900);
    expect(urls).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(200);
    expect(urls).toHaveLength(7);
    client.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(urls).toHaveLength(7);
    expect(urls.every((url) => url.searchParams.get('session') === SESSION)).toBe(true);
  });
});

describe('LongPollClient', () => {
  it('asks again at once after a 204, from the same id, and after a 200, from the newest event', async () => {
    const activities: TransportActivity[] = [];
    const answers: Array<() => Response> = [
      () => new Response(null, {status: 204}),
      () => json({events: [event(8)], latestId: 8}),
    ];
    const {urls, fetchImpl} = scriptedFetch(() => {
      const next = answers.shift();
      // The third request stays parked.
      return next ? next() : new Promise<Response>(() => {});
    });
    const client = new LongPollClient({
      serverUrl: SERVER,
      session: SESSION,
      onEvents: () => {},
      onActivity: (activity) => activities.push(activity),
      fetchImpl,
    });
    client.start(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(urls.map((url) => url.searchParams.get('since'))).toEqual(['7', '7', '8']);
    expect(activities.filter((a) => a.kind === 'answer').map((a) => [a.status, a.events])).toEqual([
      [204, 0],
      [200, 1],
    ]);
    client.stop();
  });
});
