import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {SSE_RETRY_MS} from '../../../../../demo-server/src/contract/events.ts';
import {SseClient} from '../../../../../src/lib/realtime/sseClient.ts';
import {event, fakeFetch, FakeEventSource, problem, recorder, SESSION, settle} from './fakes.ts';

const START = Date.UTC(2026, 0, 1);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  // Node has no EventSource; the client reads its readyState constants from the global.
  vi.stubGlobal('EventSource', FakeEventSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function setup() {
  const {fetchImpl, exchanges} = fakeFetch();
  const sources: FakeEventSource[] = [];
  const record = recorder();
  const client = new SseClient({
    ...record.options,
    fetchImpl,
    createEventSource: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source as unknown as EventSource;
    },
  });
  const latest = () => sources.at(-1)!;
  return {client, sources, latest, exchanges, ...record};
}

describe('SseClient', () => {
  it('opens one EventSource, goes live, says what the stream resumes from, and delivers each event', () => {
    const {client, sources, latest, batches, arrivals, activities, lastState} = setup();
    client.start(null);
    expect(sources).toHaveLength(1);
    const url = new URL(latest().url);
    expect(url.pathname).toBe('/events/stream');
    expect(url.searchParams.has('lastEventId')).toBe(false);
    expect(url.searchParams.get('session')).toBe(SESSION);
    expect(lastState()).toEqual({phase: 'waiting', since: START, retryAt: null});
    expect(activities.at(-1)).toMatchObject({kind: 'request', detail: 'new EventSource(".../events/stream")'});

    vi.advanceTimersByTime(30);
    latest().open();
    expect(lastState()).toEqual({phase: 'live', since: START + 30, retryAt: null});
    expect(activities.at(-1)).toMatchObject({kind: 'open', detail: 'Stream open (200, text/event-stream)'});
    latest().receive('stream-start', {lastEventId: null, from: null, retryMs: SSE_RETRY_MS});
    expect(activities.at(-1)).toMatchObject({
      kind: 'resume',
      lastEventId: null,
      detail: 'The server starts a fresh stream',
    });

    vi.advanceTimersByTime(970);
    latest().receive('message', event(1));
    vi.advanceTimersByTime(1000);
    latest().receive('message', event(2));
    expect(batches).toEqual([[1], [2]]);
    expect(arrivals).toEqual([START + 1000, START + 2000]);
    expect(client.lastId).toBe(2);
    client.stop();
  });

  it('started after an id, asks the server to resume after it with ?lastEventId=', () => {
    const {client, latest, activities} = setup();
    client.start(12);
    expect(new URL(latest().url).searchParams.get('lastEventId')).toBe('12');
    expect(activities.at(-1)).toMatchObject({detail: 'new EventSource(".../events/stream?lastEventId=12")'});
    latest().open();
    latest().receive('stream-start', {lastEventId: 12, from: 'lastEventId', retryMs: SSE_RETRY_MS});
    expect(activities.at(-1)).toMatchObject({
      kind: 'resume',
      lastEventId: 12,
      detail: 'The server resumes after event 12 (from the lastEventId query)',
    });
    client.stop();
  });

  it('narrates a gap event: the events the server no longer kept', () => {
    const {client, latest, activities, batches} = setup();
    client.start(3);
    latest().open();
    latest().receive('gap', {missedFrom: 4, missedTo: 39});
    latest().receive('message', event(40));
    expect(activities.at(-1)).toMatchObject({kind: 'gap', detail: 'Events 4–39 were no longer kept: missed'});
    expect(batches).toEqual([[40]]);
    client.stop();
  });

  it('ignores messages that are not events', () => {
    const {client, latest, batches} = setup();
    client.start(3);
    latest().open();
    latest().receive('message', 'not JSON');
    latest().receive('message', {id: 'four'});
    latest().receive('message', event(4));
    expect(batches).toEqual([[4]]);
    client.stop();
  });

  it('when the stream drops and the browser reconnects by itself (CONNECTING), leaves it to the browser and drops repeats', async () => {
    const {client, sources, latest, batches, activities, lastState, onUnreachable} = setup();
    client.start(null);
    latest().open();
    latest().receive('message', event(1));
    latest().receive('message', event(2));
    latest().drop();
    expect(activities.at(-1)).toMatchObject({
      kind: 'closed',
      detail: 'The stream ended; EventSource reconnects by itself, sending Last-Event-ID: 2',
    });
    expect(lastState()).toEqual({phase: 'retrying', since: null, retryAt: null});
    expect(latest().closed).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sources).toHaveLength(1);
    expect(onUnreachable).not.toHaveBeenCalled();

    // The browser's reconnection, SSE_RETRY_MS later: the same EventSource opens again.
    latest().open();
    expect(lastState()?.phase).toBe('live');
    latest().receive('stream-start', {lastEventId: 2, from: 'Last-Event-ID', retryMs: SSE_RETRY_MS});
    expect(activities.at(-1)).toMatchObject({
      kind: 'resume',
      detail: 'The server resumes after event 2 (from the Last-Event-ID header)',
    });
    latest().receive('message', event(2));
    latest().receive('message', event(3));
    expect(batches).toEqual([[1], [2], [3]]);
    client.stop();
  });

  it('when the server restarted, takes its fresh stream: says so, and delivers the new, smaller ids', () => {
    const {client, sources, latest, batches, activities, onUnreachable} = setup();
    client.start(null);
    latest().open();
    latest().receive('message', event(40));
    latest().receive('message', event(41));
    // The server goes away and comes back with its ids begun again; the browser's reconnection sends 41.
    latest().drop();
    latest().open();
    latest().receive('stream-start', {
      lastEventId: null,
      from: 'Last-Event-ID',
      retryMs: SSE_RETRY_MS,
      aheadOfNewest: 41,
    });
    expect(activities.at(-1)).toMatchObject({
      kind: 'gap',
      serverRestarted: true,
      detail:
        'The demo server restarted and does not know event 41: its ids began again, and the stream starts from now',
    });
    latest().receive('message', event(3));
    latest().receive('message', event(4));
    expect(batches).toEqual([[40], [41], [3], [4]]);
    expect(client.lastId).toBe(4);
    // The same EventSource carried on: no new one, no offline notice.
    expect(sources).toHaveLength(1);
    expect(onUnreachable).not.toHaveBeenCalled();
    client.stop();
  });

  it('when the server restarted and this EventSource asked with ?lastEventId=, replaces it with one that does not', () => {
    const {client, sources, latest, activities, onUnreachable} = setup();
    client.start(12);
    const first = latest();
    expect(new URL(first.url).searchParams.get('lastEventId')).toBe('12');
    first.open();
    first.receive('stream-start', {lastEventId: null, from: 'lastEventId', retryMs: SSE_RETRY_MS, aheadOfNewest: 12});
    // The old URL would make every later reconnection of the browser ask for the old run's id again.
    expect(first.closed).toBe(true);
    expect(sources).toHaveLength(2);
    expect(new URL(latest().url).searchParams.has('lastEventId')).toBe(false);
    expect(activities.at(-1)).toMatchObject({kind: 'request', detail: 'new EventSource(".../events/stream")'});
    latest().open();
    latest().receive('stream-start', {lastEventId: null, from: null, retryMs: SSE_RETRY_MS});
    latest().receive('message', event(1));
    expect(client.lastId).toBe(1);
    expect(onUnreachable).not.toHaveBeenCalled();
    client.stop();
  });

  it('when the browser gives up (CLOSED) after the stream was open, opens a new one with ?lastEventId= after a backoff', async () => {
    const {client, sources, latest, activities, lastState, onUnreachable} = setup();
    client.start(null);
    latest().open();
    latest().receive('message', event(7));
    const first = latest();
    first.fail();
    expect(first.closed).toBe(true);
    expect(activities.at(-1)).toMatchObject({
      kind: 'error',
      detail: 'The stream failed and EventSource gave up. Trying again in 0.5 s.',
    });
    expect(lastState()).toEqual({phase: 'retrying', since: null, retryAt: START + 500});
    expect(onUnreachable).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(499);
    expect(sources).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sources).toHaveLength(2);
    expect(new URL(latest().url).searchParams.get('lastEventId')).toBe('7');
    client.stop();
  });

  it('when a stream cannot be opened at all, says the server is unreachable and backs off', async () => {
    const {client, sources, latest, activities, onUnreachable} = setup();
    client.start(5);
    latest().fail();
    expect(onUnreachable).toHaveBeenCalledTimes(1);
    expect(activities.at(-1)).toMatchObject({
      kind: 'error',
      detail: 'The stream could not be opened. Trying again in 0.5 s.',
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(sources).toHaveLength(2);
    latest().fail();
    await vi.advanceTimersByTimeAsync(999);
    expect(sources).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sources).toHaveLength(3);
    expect(new URL(latest().url).searchParams.get('lastEventId')).toBe('5');
    // Once a stream opens, the backoff starts over.
    latest().open();
    latest().fail();
    expect(activities.at(-1)?.detail).toMatch(/Trying again in 0\.5 s/);
    client.stop();
  });

  describe('stop()', () => {
    it('closes the EventSource; anything it still fires is ignored', () => {
      const {client, latest, batches, activities, lastState} = setup();
      client.start(1);
      const source = latest();
      source.open();
      client.stop();
      expect(source.closed).toBe(true);
      expect(lastState()).toEqual({phase: 'stopped', since: null, retryAt: null});
      const said = activities.length;
      source.receive('message', event(2));
      source.receive('stream-start', {lastEventId: 1, from: 'lastEventId', retryMs: SSE_RETRY_MS});
      source.fail();
      expect(batches).toEqual([]);
      expect(activities).toHaveLength(said);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('cancels a scheduled retry', async () => {
      const {client, sources, latest} = setup();
      client.start(1);
      latest().fail();
      expect(vi.getTimerCount()).toBe(1);
      client.stop();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sources).toHaveLength(1);
    });

    it('start() again abandons the old stream for a new one', () => {
      const {client, sources, batches} = setup();
      client.start(1);
      const old = sources[0]!;
      client.start(9);
      expect(old.closed).toBe(true);
      expect(new URL(sources[1]!.url).searchParams.get('lastEventId')).toBe('9');
      old.receive('message', event(10));
      sources[1]!.receive('message', event(10));
      expect(batches).toEqual([[10]]);
      client.stop();
    });
  });

  describe('drop()', () => {
    it('asks the server to end this session’s streams with POST /events/stream/drop?session=', async () => {
      const {client, exchanges} = setup();
      const dropped = client.drop();
      expect(exchanges[0]!.init?.method).toBe('POST');
      expect(exchanges[0]!.url.pathname).toBe('/events/stream/drop');
      expect(exchanges[0]!.url.searchParams.get('session')).toBe(SESSION);
      exchanges[0]!.answer(200, {dropped: 1});
      await expect(dropped).resolves.toBe(1);
    });

    it('rejects with the server’s explanation when refused', async () => {
      const {client, exchanges} = setup();
      const dropped = client.drop();
      exchanges[0]!.answer(400, problem(400, 'Say whose streams to drop'));
      await settle();
      await expect(dropped).rejects.toThrow('Say whose streams to drop');
    });
  });
});
