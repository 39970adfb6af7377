import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {LongPollClient} from '../../../../../src/lib/realtime/longPollClient.ts';
import {event, fakeFetch, problem, recorder, SESSION, settle, slowResponse} from './fakes.ts';

const START = Date.UTC(2026, 0, 1);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const {fetchImpl, exchanges} = fakeFetch();
  const record = recorder();
  const client = new LongPollClient({...record.options, fetchImpl});
  return {client, exchanges, ...record};
}

describe('LongPollClient', () => {
  it('holds one request open and asks again at once after a 200, from the last id it got', async () => {
    const {client, exchanges, batches, arrivals, activities, lastActivity, lastState} = setup();
    client.start(3);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.url.pathname).toBe('/events/long-poll');
    expect(exchanges[0]!.url.searchParams.get('since')).toBe('3');
    expect(exchanges[0]!.url.searchParams.get('session')).toBe(SESSION);
    expect(exchanges[0]!.init?.cache).toBe('no-store');
    expect(lastState()).toEqual({phase: 'waiting', since: START, retryAt: null});
    expect(lastActivity()).toMatchObject({
      kind: 'request',
      detail: 'GET /events/long-poll?since=3: the server holds it',
    });

    await vi.advanceTimersByTimeAsync(800);
    exchanges[0]!.answer(200, {events: [event(4)], latestId: 4});
    await settle();
    expect(batches).toEqual([[4]]);
    expect(arrivals).toEqual([START + 800]);
    expect(client.lastId).toBe(4);
    expect(activities.findLast((a) => a.kind === 'answer')).toMatchObject({
      status: 200,
      events: 1,
      durationMs: 800,
      detail: '200 with 1 event after 800 ms; asking again',
    });
    // No timer involved: the next request went out in the same turn.
    expect(vi.getTimerCount()).toBe(0);
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.url.searchParams.get('since')).toBe('4');
    expect(lastState()).toEqual({phase: 'waiting', since: START + 800, retryAt: null});

    exchanges[1]!.answer(200, {events: [event(5), event(6)], latestId: 6});
    await settle();
    expect(batches).toEqual([[4], [5, 6]]);
    expect(exchanges[2]!.url.searchParams.get('since')).toBe('6');
    client.stop();
  });

  it('after a 204 (nothing happened before the server’s timeout) asks again at once, with the same since', async () => {
    const {client, exchanges, batches, activities} = setup();
    client.start(4);
    await vi.advanceTimersByTimeAsync(25_000);
    exchanges[0]!.answer(204);
    await settle();
    expect(batches).toEqual([]);
    expect(activities.findLast((a) => a.kind === 'answer')).toMatchObject({
      status: 204,
      events: 0,
      durationMs: 25_000,
      detail: '204 No Content: nothing happened before the server’s timeout; asking again',
    });
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.url.searchParams.get('since')).toBe('4');
    client.stop();
  });

  it('started from now, waits for the next event without since, then follows on from it', async () => {
    const {client, exchanges, batches} = setup();
    client.start(null);
    expect(exchanges[0]!.url.searchParams.has('since')).toBe(false);
    exchanges[0]!.answer(204);
    await settle();
    expect(exchanges[1]!.url.searchParams.has('since')).toBe(false);
    exchanges[1]!.answer(200, {events: [event(10)], latestId: 10});
    await settle();
    expect(batches).toEqual([[10]]);
    expect(exchanges[2]!.url.searchParams.get('since')).toBe('10');
    client.stop();
  });

  it('never delivers an event twice; an answer of only old events moves on to its latestId', async () => {
    const {client, exchanges, batches} = setup();
    client.start(6);
    exchanges[0]!.answer(200, {events: [event(6), event(7)], latestId: 7});
    await settle();
    exchanges[1]!.answer(200, {events: [event(5), event(6), event(7)], latestId: 8});
    await settle();
    expect(batches).toEqual([[7]]);
    expect(exchanges[2]!.url.searchParams.get('since')).toBe('8');
    client.stop();
  });

  it('on 410 says events were missed and waits for the next event from now', async () => {
    const {client, exchanges, activities, batches} = setup();
    client.start(3);
    exchanges[0]!.answer(410, problem(410, 'Events after 3 are no longer all kept: the backlog starts at 40.'));
    await settle();
    expect(activities.find((a) => a.kind === 'gap')).toMatchObject({
      status: 410,
      detail: '410 Gone: Events after 3 are no longer all kept: the backlog starts at 40.',
    });
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.url.searchParams.has('since')).toBe(false);
    exchanges[1]!.answer(200, {events: [event(342)], latestId: 342});
    await settle();
    expect(batches).toEqual([[342]]);
    client.stop();
  });

  it.each([
    [429, '5', 5000],
    [503, '5', 5000],
  ])('on %i waits the Retry-After the server gave (%s s)', async (status, retryAfter, waitMs) => {
    const {client, exchanges, lastState, onUnreachable} = setup();
    client.start(3);
    exchanges[0]!.answer(status, problem(status, 'At most 4 long-polls per client wait at once'), {
      'Retry-After': retryAfter,
    });
    await settle();
    expect(lastState()).toEqual({phase: 'retrying', since: null, retryAt: START + waitMs});
    expect(onUnreachable).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(waitMs - 1);
    expect(exchanges).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(exchanges).toHaveLength(2);
    expect(exchanges[1]!.url.searchParams.get('since')).toBe('3');
    client.stop();
  });

  it('when the network fails, says the server is unreachable and backs off: 0.5 s, 1 s, 2 s', async () => {
    const {client, exchanges, onUnreachable, lastActivity} = setup();
    client.start(3);
    for (const waitMs of [500, 1000, 2000]) {
      exchanges.at(-1)!.fail();
      await settle();
      expect(lastActivity()).toMatchObject({
        kind: 'error',
        detail: `The demo server did not answer. Trying again in ${(waitMs / 1000).toFixed(1)} s.`,
      });
      const count = exchanges.length;
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      expect(exchanges).toHaveLength(count);
      await vi.advanceTimersByTimeAsync(1);
      expect(exchanges).toHaveLength(count + 1);
      expect(exchanges.at(-1)!.url.searchParams.get('since')).toBe('3');
    }
    expect(onUnreachable).toHaveBeenCalledTimes(3);
    client.stop();
  });

  it('when the server refuses since after it restarted (400, its ids began again), follows on from its newest event', async () => {
    const {client, exchanges, activities} = setup();
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
    it('aborts the held request; nothing happens after, not even when its answer comes', async () => {
      const {client, exchanges, batches, activities, lastState} = setup();
      client.start(3);
      await vi.advanceTimersByTimeAsync(5000);
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

    it('while a 410’s explanation is still being read, nothing follows', async () => {
      const {client, exchanges, activities} = setup();
      client.start(3);
      const gone = slowResponse(410);
      exchanges[0]!.answerWith(gone.response);
      await settle();
      client.stop();
      const said = activities.length;
      gone.release(problem(410, 'Events after 3 are no longer all kept'));
      await settle();
      expect(exchanges).toHaveLength(1);
      expect(activities).toHaveLength(said);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('cancels a scheduled retry', async () => {
      const {client, exchanges} = setup();
      client.start(3);
      exchanges[0]!.answer(429, problem(429, 'Too many'), {'Retry-After': '5'});
      await settle();
      expect(vi.getTimerCount()).toBe(1);
      client.stop();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(exchanges).toHaveLength(1);
    });
  });
});
