/** The browser-side real-time library: clock maths, delay summaries, figures, and the four clients with fakes. */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {SESSION_ID_PATTERN, type ServerEvent} from '../../demo-server/src/contract.ts';
import {bestSample, sampleFrom} from '../../src/lib/realtime/clock.ts';
import {formatBytes, formatMs, percentile} from '../../src/lib/realtime/delays.ts';
import {continuity, laneFigures, since} from '../../src/lib/realtime/figures.ts';
import {newSessionId, withQuery} from '../../src/lib/realtime/session.ts';
import {
  LongPollClient,
  ShortPollClient,
  SseClient,
  WebSocketPushClient,
  type TransportActivity,
  type TransportOptions,
} from '../../src/lib/realtime/transports.ts';

describe('clock offset (NTP-style)', () => {
  it('is half the difference of the two one-way differences, and exact when the trips are equal', () => {
    // Server 1000 ms ahead; 20 ms each way; the server takes 2 ms.
    const sample = sampleFrom(10_000, {receivedAt: 11_020, sentAt: 11_022}, 10_042);
    expect(sample).toEqual({offsetMs: 1000, roundTripMs: 40});
  });

  it('errs by half the asymmetry when the trips differ, which the round trip bounds', () => {
    // Same 1000 ms offset, but 30 ms out and 10 ms back.
    const sample = sampleFrom(10_000, {receivedAt: 11_030, sentAt: 11_030}, 10_040);
    expect(sample.offsetMs).toBe(1010);
    expect(sample.roundTripMs).toBe(40);
    expect(Math.abs(sample.offsetMs - 1000)).toBeLessThanOrEqual(sample.roundTripMs / 2);
  });

  it('keeps the sample with the shortest round trip', () => {
    expect(
      bestSample([
        {offsetMs: 5, roundTripMs: 30},
        {offsetMs: 2, roundTripMs: 4},
        {offsetMs: 9, roundTripMs: 12},
      ]),
    ).toEqual({offsetMs: 2, roundTripMs: 4});
    expect(() => bestSample([])).toThrow();
  });
});

describe('delays and figures', () => {
  it('takes percentiles by nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([4, 1, 3, 2], 95)).toBe(4);
    expect(
      percentile(
        Array.from({length: 100}, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
  });

  it('formats bytes and milliseconds for people', () => {
    expect(formatBytes(930)).toBe('930 B');
    expect(formatBytes(1234)).toBe('1.23 kB');
    expect(formatBytes(56_789)).toBe('56.8 kB');
    expect(formatBytes(2_500_000)).toBe('2.50 MB');
    expect(formatMs(null)).toBe('—');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1240)).toBe('1.24 s');
  });

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

  it('makes session ids the server accepts, and adds query parameters', () => {
    for (let i = 0; i < 20; i += 1) expect(newSessionId()).toMatch(SESSION_ID_PATTERN);
    expect(withQuery('http://h/p', {a: 1, b: undefined, c: null, d: 'x y'})).toBe('http://h/p?a=1&d=x+y');
  });
});

const SERVER = 'http://demo.test';
const event = (id: number): ServerEvent => ({id, emittedAt: id * 1000, value: 100});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {status, headers: {'Content-Type': 'application/json', ...headers}});
}

/** Records what a client did; `answer` queues the responses its fetches get, in order. */
function harness() {
  const urls: string[] = [];
  const answers: Array<Response | Error> = [];
  const received: number[] = [];
  const activity: TransportActivity[] = [];
  const unreachable = vi.fn();
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(input instanceof Request ? input.url : input.toString());
    const next = answers.shift();
    if (next === undefined) {
      // Never answers (a held request), until aborted.
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    }
    if (next instanceof Error) throw next;
    return next;
  });
  const options: TransportOptions = {
    serverUrl: SERVER,
    session: 'session-test-01',
    onEvents: (events) => received.push(...events.map((e) => e.id)),
    onActivity: (entry) => activity.push(entry),
    onUnreachable: unreachable,
    fetchImpl,
    random: () => 0,
  };
  return {urls, answers, received, activity, unreachable, options};
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ShortPollClient', () => {
  it('polls start to start at the interval with since=, delivers only new events, and applies a new interval', async () => {
    const h = harness();
    h.answers.push(json(200, {events: [event(5), event(6)], latestId: 6}), json(200, {events: [], latestId: 6}));
    h.answers.push(json(200, {events: [event(6), event(7)], latestId: 7}));
    const client = new ShortPollClient({...h.options, intervalMs: 1000});
    client.start(4);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.urls[0]).toBe(`${SERVER}/events/poll?since=4&session=session-test-01`);
    expect(h.received).toEqual([5, 6]);
    await vi.advanceTimersByTimeAsync(999);
    expect(h.urls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.urls[1]).toContain('since=6');
    expect(h.activity.some((a) => a.kind === 'answer' && a.events === 0)).toBe(true);
    client.setIntervalMs(250);
    await vi.advanceTimersByTimeAsync(1000);
    // The duplicate 6 is not delivered twice.
    expect(h.received).toEqual([5, 6, 7]);
    expect(h.urls[2]).toContain('since=6');
    await vi.advanceTimersByTimeAsync(250);
    expect(h.urls).toHaveLength(4);
    client.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.urls).toHaveLength(4);
  });

  it('after 410 starts again from the newest event and says events were missed', async () => {
    const h = harness();
    h.answers.push(json(410, {detail: 'too old'}), json(200, {events: [], latestId: 900}));
    h.answers.push(json(200, {events: [event(901)], latestId: 901}));
    const client = new ShortPollClient({...h.options, intervalMs: 1000});
    client.start(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.activity.find((a) => a.kind === 'gap')?.detail).toContain('410');
    expect(h.urls[1]).not.toContain('since=');
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.urls[2]).toContain('since=900');
    expect(h.received).toEqual([901]);
    client.stop();
  });

  it('waits Retry-After on 429, then backs off (telling the page) when nothing answers', async () => {
    const h = harness();
    h.answers.push(json(429, {detail: 'slow down'}, {'Retry-After': '5'}));
    const client = new ShortPollClient({...h.options, intervalMs: 1000});
    client.start(1);
    await vi.advanceTimersByTimeAsync(4999);
    expect(h.urls).toHaveLength(1);
    h.answers.push(new TypeError('Failed to fetch'));
    await vi.advanceTimersByTimeAsync(1);
    expect(h.urls).toHaveLength(2);
    expect(h.unreachable).toHaveBeenCalledTimes(1);
    // The second failure in a row, random() = 0: the full backoff delay, 500 ms doubled.
    h.answers.push(json(200, {events: [], latestId: 1}));
    await vi.advanceTimersByTimeAsync(999);
    expect(h.urls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.urls).toHaveLength(3);
    client.stop();
  });
});

describe('after a server restart', () => {
  it('a 400 for a since ahead of the server starts from now, and startAfterServerRestart says why', async () => {
    const h = harness();
    h.answers.push(
      json(400, {detail: 'since=90 is ahead of the newest event (3)'}),
      json(200, {events: [], latestId: 3}),
    );
    const client = new ShortPollClient({...h.options, intervalMs: 1000});
    client.start(90);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.urls[1]).not.toContain('since=');
    expect(h.activity.find((a) => a.kind === 'gap')?.status).toBe(400);
    client.stop();

    const again = harness();
    const restarted = new ShortPollClient({...again.options, intervalMs: 1000});
    restarted.startAfterServerRestart(3);
    expect(again.activity[0]).toMatchObject({kind: 'gap', serverRestarted: true});
    expect(again.urls[0]).toContain('since=3');
    restarted.stop();
  });
});

describe('LongPollClient', () => {
  it('asks again at once after a 200 and after a 204, aborting the held request on stop', async () => {
    const h = harness();
    h.answers.push(json(200, {events: [event(3)], latestId: 3}), new Response(null, {status: 204}));
    const client = new LongPollClient(h.options);
    client.start(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.urls.map((u) => new URL(u).searchParams.get('since'))).toEqual(['2', '3', '3']);
    expect(h.received).toEqual([3]);
    expect(h.activity.filter((a) => a.kind === 'answer').map((a) => a.status)).toEqual([200, 204]);
    client.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.urls).toHaveLength(3);
  });
});

/** Just enough of EventSource, driven by the test. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = 0;
  constructor(readonly url: string) {
    super();
  }
  close() {
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  named(type: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, {data: JSON.stringify(data)}));
  }
  error(readyState: 0 | 2) {
    this.readyState = readyState;
    this.dispatchEvent(new Event('error'));
  }
}

describe('SseClient', () => {
  beforeEach(() => {
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('narrates the resume and gaps, lets the browser reconnect itself, and retries on its own only when it gave up', async () => {
    const h = harness();
    const sources: FakeEventSource[] = [];
    const client = new SseClient({
      ...h.options,
      createEventSource: (url) => {
        const source = new FakeEventSource(url);
        sources.push(source);
        return source as unknown as EventSource;
      },
    });
    client.start(10);
    const first = sources[0]!;
    expect(first.url).toBe(`${SERVER}/events/stream?lastEventId=10&session=session-test-01`);
    first.open();
    first.named('stream-start', {lastEventId: 10, from: 'lastEventId', retryMs: 3000});
    first.named('message', event(11));
    first.named('message', event(11));
    first.named('gap', {missedFrom: 12, missedTo: 14});
    first.named('message', event(15));
    expect(h.received).toEqual([11, 15]);
    expect(h.activity.find((a) => a.kind === 'resume')).toMatchObject({lastEventId: 10, resumeFrom: 'lastEventId'});
    expect(h.activity.find((a) => a.kind === 'gap')?.detail).toContain('12–14');

    // The browser reconnects by itself: no new EventSource.
    first.error(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sources).toHaveLength(1);

    // It gave up (an error status): this client makes a new one, from where it was.
    first.error(2);
    expect(h.unreachable).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(sources).toHaveLength(2);
    expect(sources[1]?.url).toContain('lastEventId=15');
    client.stop();
    expect(sources[1]?.readyState).toBe(2);
  });

  it('asks the server to drop its streams', async () => {
    const h = harness();
    h.answers.push(json(200, {dropped: 1}));
    const client = new SseClient({...h.options, createEventSource: (url) => new FakeEventSource(url) as never});
    expect(await client.drop()).toBe(1);
    expect(h.urls[0]).toBe(`${SERVER}/events/stream/drop?session=session-test-01`);
  });
});

class FakeWebSocket extends EventTarget {
  readyState = 0;
  closedWith: number | undefined;
  constructor(readonly url: string) {
    super();
  }
  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', {data: JSON.stringify(data)}));
  }
  serverClose(code: number, reason = '') {
    this.readyState = 3;
    this.dispatchEvent(new CloseEvent('close', {code, reason}));
  }
}

describe('WebSocketPushClient', () => {
  it('reconnects after a drop with ?since= the last id, and starts over from now after 4410', async () => {
    const h = harness();
    const sockets: FakeWebSocket[] = [];
    const client = new WebSocketPushClient({
      ...h.options,
      createWebSocket: (url) => {
        const socket = new FakeWebSocket(url);
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
    });
    client.start(7);
    expect(sockets[0]?.url).toBe('ws://demo.test/ws/events?since=7&session=session-test-01');
    sockets[0]!.open();
    sockets[0]!.receive(event(8));
    sockets[0]!.receive(event(8));
    sockets[0]!.receive('not an event');
    expect(h.received).toEqual([8]);
    sockets[0]!.serverClose(1001, 'Server shutting down');
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets[1]?.url).toContain('since=8');
    sockets[1]!.serverClose(4410, 'Events after 8 are gone');
    expect(sockets[2]?.url).not.toContain('since=');
    expect(h.activity.some((a) => a.kind === 'gap')).toBe(true);
    client.stop();
    expect(sockets[2]?.closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(3);
  });
});
