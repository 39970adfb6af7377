import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {ShortPollClient} from '../../../../../src/lib/realtime/shortPollClient.ts';
import {event, fakeFetch, problem, recorder, SESSION, settle, slowResponse} from './fakes.ts';

const START = Date.UTC(2026, 0, 1);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(intervalMs = 1000) {
  const {fetchImpl, exchanges} = fakeFetch();
  const record = recorder();
  const client = new ShortPollClient({...record.options, fetchImpl, intervalMs});
  return {client, exchanges, ...record};
}

describe('ShortPollClient', () => {
  it('asks without since first, then after the latestId it was given, start to start every intervalMs', async () => {
    const {client, exchanges, batches, arrivals, lastActivity, lastState} = setup(1000);
    client.start(null);
    expect(exchanges).toHaveLength(1);
    const first = exchanges[0]!;
    expect(first.url.pathname).toBe('/events/poll');
    expect(first.url.searchParams.has('since')).toBe(false);
    expect(first.url.searchParams.get('session')).toBe(SESSION);
    expect(first.init?.cache).toBe('no-store');
    expect(lastState()).toEqual({phase: 'waiting', since: START, retryAt: null});
    expect(lastActivity()).toMatchObject({kind: 'request', detail: 'GET /events/poll', at: START});

    await vi.advanceTimersByTimeAsync(40);
    first.answer(200, {events: [], latestId: 7});
    await settle();
    expect(client.lastId).toBe(7);
    expect(batches).toEqual([]);
    expect(lastActivity()).toMatchObject({
      kind: 'answer',
      status: 200,
      events: 0,
      durationMs: 40,
      detail: '200, no new event (an empty poll)',
    });
    expect(lastState()).toEqual({phase: 'idle', since: null, retryAt: START + 1000});

    await vi.advanceTimersByTimeAsync(959);
    expect(exchanges).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.url.searchParams.get('since')).toBe('7');
    expect(lastActivity()).toMatchObject({kind: 'request', detail: 'GET /events/poll?since=7', at: START + 1000});

    await vi.advanceTimersByTimeAsync(300);
    exchanges[1]!.answer(200, {events: [event(8), event(9)], latestId: 9});
    await settle();
    expect(batches).toEqual([[8, 9]]);
    expect(arrivals).toEqual([START + 1300]);
    expect(lastActivity()).toMatchObject({kind: 'answer', events: 2, durationMs: 300, detail: '200 with 2 events'});
    // Start to start: the next poll goes out 1000 ms after this one went out, not after its answer.
    await vi.advanceTimersByTimeAsync(699);
    expect(exchanges).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(exchanges).toHaveLength(3);
    expect(exchanges[2]!.url.searchParams.get('since')).toBe('9');
    client.stop();
  });

  it('polls again at once when an answer took longer than the interval', async () => {
    const {client, exchanges} = setup(1000);
    client.start(3);
    await vi.advanceTimersByTimeAsync(1500);
    exchanges[0]!.answer(200, {events: [event(4)], latestId: 4});
    await settle();
    await vi.advanceTimersByTimeAsync(0);
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.url.searchParams.get('since')).toBe('4');
    client.stop();
  });

  it('setIntervalMs moves the poll already scheduled: it counts from the start of the last poll', async () => {
    const {client, exchanges} = setup(1000);
    client.start(5);
    exchanges[0]!.answer(200, {events: [], latestId: 5});
    await settle();
    client.setIntervalMs(250);
    expect(client.intervalMs).toBe(250);
    await vi.advanceTimersByTimeAsync(249);
    expect(exchanges).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(exchanges).toHaveLength(2);
    exchanges[1]!.answer(200, {events: [], latestId: 5});
    await settle();
    await vi.advanceTimersByTimeAsync(249);
    expect(exchanges).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(exchanges).toHaveLength(3);

    client.setIntervalMs(5000);
    exchanges[2]!.answer(200, {events: [], latestId: 5});
    await settle();
    await vi.advanceTimersByTimeAsync(4999);
    expect(exchanges).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(exchanges).toHaveLength(4);
    client.stop();
  });

  it('never delivers an event twice: ids at or below the last one are dropped', async () => {
    const {client, exchanges, batches} = setup(1000);
    client.start(6);
    exchanges[0]!.answer(200, {events: [event(5), event(6), event(7)], latestId: 7});
    await settle();
    expect(batches).toEqual([[7]]);
    await vi.advanceTimersByTimeAsync(1000);
    exchanges[1]!.answer(200, {events: [event(6), event(7)], latestId: 7});
    await settle();
    expect(batches).toEqual([[7]]);
    expect(client.lastId).toBe(7);
    client.stop();
  });

  it('skips what is not an event in an answer', async () => {
    const {client, exchanges, batches} = setup(1000);
    client.start(1);
    exchanges[0]!.answer(200, {events: [{id: 2}, event(3), 'four', null], latestId: 3});
    await settle();
    expect(batches).toEqual([[3]]);
    client.stop();
  });

  it('on 410 says events were missed and starts again from the newest event', async () => {
    const {client, exchanges, batches, activities} = setup(1000);
    client.start(3);
    const detail = 'Events after 3 are no longer all kept: the backlog starts at 40. Start again from latestId 339.';
    exchanges[0]!.answer(410, problem(410, detail));
    await settle();
    expect(activities.find((a) => a.kind === 'gap')).toMatchObject({status: 410, detail: `410 Gone: ${detail}`});
    // At once, without waiting for the interval: a poll with no since, which says where "now" is.
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.url.searchParams.has('since')).toBe(false);
    exchanges[1]!.answer(200, {events: [], latestId: 342});
    await settle();
    expect(batches).toEqual([]);
    expect(client.lastId).toBe(342);
    await vi.advanceTimersByTimeAsync(1000);
    expect(exchanges[2]!.url.searchParams.get('since')).toBe('342');
    client.stop();
  });

  it.each([
    [429, '5', 5000],
    [503, '2', 2000],
  ])(
    'on %i waits the Retry-After the server gave (%s s), then asks the same again',
    async (status, retryAfter, waitMs) => {
      const {client, exchanges, lastActivity, lastState, onUnreachable} = setup(1000);
      client.start(3);
      exchanges[0]!.answer(status, problem(status, 'Too many at once'), {'Retry-After': retryAfter});
      await settle();
      expect(lastActivity()).toMatchObject({
        kind: 'error',
        detail: `${status}: Too many at once Trying again in ${(waitMs / 1000).toFixed(1)} s.`,
      });
      expect(lastState()).toEqual({phase: 'retrying', since: null, retryAt: START + waitMs});
      expect(onUnreachable).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      expect(exchanges).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(exchanges).toHaveLength(2);
      expect(exchanges[1]!.url.searchParams.get('since')).toBe('3');
      client.stop();
    },
  );

  it('backs off when a refusal gives no usable Retry-After', async () => {
    const {client, exchanges} = setup(1000);
    client.start(3);
    exchanges[0]!.answer(503, problem(503, 'Restarting'), {'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT'});
    await settle();
    await vi.advanceTimersByTimeAsync(499);
    expect(exchanges).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(exchanges).toHaveLength(2);
    client.stop();
  });

  it('when the network fails, says the server is unreachable and retries with exponential backoff, reset by a success', async () => {
    const {client, exchanges, lastActivity, lastState, onUnreachable} = setup(1000);
    client.start(3);
    exchanges[0]!.fail();
    await settle();
    expect(onUnreachable).toHaveBeenCalledTimes(1);
    expect(lastActivity()).toMatchObject({
      kind: 'error',
      detail: 'The demo server did not answer. Trying again in 0.5 s.',
    });
    expect(lastState()).toEqual({phase: 'retrying', since: null, retryAt: START + 500});

    // 500 ms, then 1000 ms, then 2000 ms (random() = 0: no jitter taken off).
    const retryTimes: number[] = [];
    for (const waitMs of [500, 1000, 2000]) {
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      const count = exchanges.length;
      await vi.advanceTimersByTimeAsync(1);
      expect(exchanges).toHaveLength(count + 1);
      retryTimes.push(Date.now() - START);
      if (waitMs < 2000) {
        exchanges.at(-1)!.fail();
        await settle();
      }
    }
    expect(retryTimes).toEqual([500, 1500, 3500]);
    expect(onUnreachable).toHaveBeenCalledTimes(3);

    exchanges.at(-1)!.answer(200, {events: [event(4)], latestId: 4});
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    exchanges.at(-1)!.fail();
    await settle();
    expect(lastActivity()?.detail).toMatch(/Trying again in 0\.5 s/);
    client.stop();
  });

  it('retries with backoff when an answer is cut off (not JSON)', async () => {
    const {client, exchanges, lastActivity, onUnreachable} = setup(1000);
    client.start(3);
    exchanges[0]!.answerWith(new Response('{"events": [', {status: 200}));
    await settle();
    expect(lastActivity()).toMatchObject({kind: 'error', detail: 'The answer was cut off. Trying again in 0.5 s.'});
    expect(onUnreachable).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(exchanges).toHaveLength(2);
    client.stop();
  });

  it('when the server refuses since after it restarted (400, its ids began again), follows on from its newest event', async () => {
    const {client, exchanges, activities} = setup(1000);
    client.start(500);
    const detail = 'since=500 is ahead of the newest event (3)';
    exchanges[0]!.answer(400, problem(400, detail));
    await settle();
    expect(activities.find((a) => a.kind === 'gap')).toMatchObject({
      status: 400,
      detail: `400: ${detail}. The server does not know event 500 (it restarted?): starting again from now`,
    });
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.url.searchParams.has('since')).toBe(false);
    // Refused again without since: the refusal is about something else, so back off as usual.
    exchanges[1]!.answer(400, problem(400, 'Something else'));
    await settle();
    expect(exchanges).toHaveLength(2);
    expect(activities.at(-1)).toMatchObject({kind: 'error', detail: '400: Something else Trying again in 0.5 s.'});
    client.stop();
  });

  describe('stop()', () => {
    it('aborts the request in flight; its answer, if it comes, changes nothing', async () => {
      const {client, exchanges, batches, activities, lastState} = setup(1000);
      client.start(3);
      client.stop();
      expect(exchanges[0]!.aborted).toBe(true);
      expect(lastState()).toEqual({phase: 'stopped', since: null, retryAt: null});
      const said = activities.length;
      exchanges[0]!.answer(200, {events: [event(4)], latestId: 4});
      await settle();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(exchanges).toHaveLength(1);
      expect(batches).toEqual([]);
      expect(activities).toHaveLength(said);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('cancels the next poll while idle between polls', async () => {
      const {client, exchanges} = setup(1000);
      client.start(3);
      exchanges[0]!.answer(200, {events: [], latestId: 3});
      await settle();
      expect(vi.getTimerCount()).toBe(1);
      client.stop();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(exchanges).toHaveLength(1);
    });

    it('cancels a scheduled retry', async () => {
      const {client, exchanges, onUnreachable} = setup(1000);
      client.start(3);
      exchanges[0]!.fail();
      await settle();
      client.stop();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(exchanges).toHaveLength(1);
      expect(onUnreachable).toHaveBeenCalledTimes(1);
    });

    it('while a 410’s explanation is still being read, nothing follows: no narration, no new poll', async () => {
      const {client, exchanges, activities, batches} = setup(1000);
      client.start(3);
      const gone = slowResponse(410);
      exchanges[0]!.answerWith(gone.response);
      await settle();
      client.stop();
      const said = activities.length;
      gone.release(problem(410, 'Events after 3 are no longer all kept'));
      await settle();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(exchanges).toHaveLength(1);
      expect(activities).toHaveLength(said);
      expect(batches).toEqual([]);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('a refusal read after start() began again does not start a second polling loop', async () => {
      const {client, exchanges} = setup(1000);
      client.start(3);
      const busy = slowResponse(429, {'Retry-After': '5'});
      exchanges[0]!.answerWith(busy.response);
      await settle();
      client.start(10);
      busy.release(problem(429, 'Too many'));
      await settle();
      exchanges[1]!.answer(200, {events: [], latestId: 10});
      await settle();
      // One loop: one poll a second, all from the new start.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(exchanges.slice(1).map((e) => e.url.searchParams.get('since'))).toEqual(['10', '10']);
      client.stop();
    });

    it('a stopped client can be started again, from a new id', async () => {
      const {client, exchanges, batches} = setup(1000);
      client.start(3);
      client.stop();
      client.start(10);
      expect(exchanges).toHaveLength(2);
      expect(exchanges[1]!.url.searchParams.get('since')).toBe('10');
      exchanges[1]!.answer(200, {events: [event(11)], latestId: 11});
      await settle();
      expect(batches).toEqual([[11]]);
      client.stop();
    });
  });
});
