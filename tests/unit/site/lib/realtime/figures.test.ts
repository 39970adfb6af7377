/** The figures the demos show (continuity, server-counter baselines, delays), and the restart hand-over. */
import {describe, expect, it} from 'vitest';
import {continuity, laneFigures, since} from '../../../../../src/lib/realtime/figures.ts';
import {ShortPollClient} from '../../../../../src/lib/realtime/shortPollClient.ts';
import type {TransportActivity} from '../../../../../src/lib/realtime/transportClient.ts';

describe('figures', () => {
  it('counts gaps and duplicates in a run of ids', () => {
    expect(continuity([1, 2, 3])).toEqual({gaps: 0, duplicates: 0});
    expect(continuity([1, 2, 4, 4, 5])).toEqual({gaps: 1, duplicates: 1});
  });

  it('subtracts a baseline from the server counters, and derives per-event and per-minute figures', () => {
    const now = {requests: 12, connections: 2, open: 1, bytesIn: 1000, bytesOut: 3000, events: 10, emptyResponses: 3};
    const then = {requests: 2, connections: 1, open: 1, bytesIn: 200, bytesOut: 600, events: 2, emptyResponses: 1};
    const cost = since(now, then);
    expect(cost).toEqual({
      requests: 10,
      connections: 1,
      open: 1,
      bytesIn: 800,
      bytesOut: 2400,
      events: 8,
      emptyResponses: 2,
    });
    const arrivals = [
      {id: 5, emittedAt: 1000, arrivedAt: 1010, clientStartedAt: 900},
      {id: 6, emittedAt: 2000, arrivedAt: 2030, clientStartedAt: 900},
    ];
    const figures = laneFigures(arrivals, cost, 0, 30_000);
    expect(figures).toMatchObject({
      events: 2,
      firstId: 5,
      lastId: 6,
      p50: 10,
      p95: 30,
      requestsPerMinute: 20,
      bytesPerEvent: 400,
    });
    // The offset moves arrivals onto the server's clock.
    expect(laneFigures(arrivals, cost, -10, 1000)).toMatchObject({p50: 0, requestsPerMinute: null});
    // An event emitted before its client restarted (caught up after a pause) is counted but not timed.
    const afterPause = [{id: 7, emittedAt: 3000, arrivedAt: 9000, clientStartedAt: 8990}, ...arrivals];
    expect(laneFigures(afterPause, cost, 0, 30_000)).toMatchObject({events: 3, p95: 30});
  });
});

describe('startAfterServerRestart', () => {
  it('says the server restarted (so the page drops the old run) and continues after its newest event', () => {
    const urls: string[] = [];
    const activity: TransportActivity[] = [];
    const client = new ShortPollClient({
      serverUrl: 'http://demo.test',
      session: 'session-test-01',
      intervalMs: 1000,
      onEvents: () => undefined,
      onActivity: (entry) => activity.push(entry),
      // Never answers: only the request it makes matters here.
      fetchImpl: (input) => {
        urls.push(input instanceof Request ? input.url : input.toString());
        return new Promise<Response>(() => undefined);
      },
    });
    client.startAfterServerRestart(3);
    expect(activity[0]).toMatchObject({kind: 'gap', serverRestarted: true});
    expect(urls[0]).toContain('since=3');
    client.stop();
  });
});
