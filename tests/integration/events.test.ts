/** The event stream over HTTP (issue #5): short polling. */
import {afterEach, describe, expect, it} from 'vitest';
import type {PollResponse} from '../../demo-server/src/contract.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

async function poll(since?: number | string): Promise<{status: number; body: unknown; headers: Headers}> {
  const query = since === undefined ? '' : `?since=${since}`;
  const response = await fetch(`${server!.url}/events/poll${query}`);
  return {status: response.status, body: await response.json(), headers: response.headers};
}

describe('GET /events/poll (short polling)', () => {
  it('answers at once: without since, where to start; then only newer events, ids one apart, none lost', async () => {
    server = await startTestServer({eventIntervalMs: 50});
    const first = await poll();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    let since = (first.body as PollResponse).latestId;
    const ids: number[] = [];
    const started = Date.now();
    while (ids.length < 8 && Date.now() - started < 5_000) {
      const {status, body} = await poll(since);
      expect(status).toBe(200);
      const {events, latestId} = body as PollResponse;
      ids.push(...events.map((event) => event.id));
      since = latestId;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
  });

  it('answers an empty list when nothing is new (an empty poll)', async () => {
    server = await startTestServer({eventIntervalMs: 60_000});
    const {body} = await poll(0);
    expect(body).toEqual({events: [], latestId: 0});
  });

  it('tells a client that fell behind the backlog so, with 410 and where to start again', async () => {
    server = await startTestServer({eventIntervalMs: 20, eventBacklog: 5});
    await new Promise((resolve) => setTimeout(resolve, 400));
    const {status, body, headers} = await poll(0);
    expect(status).toBe(410);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((body as {detail: string}).detail).toMatch(/backlog starts at \d+/);
  });

  it('refuses a since that is not a whole number, or ahead of the newest event, with 400', async () => {
    server = await startTestServer({eventIntervalMs: 60_000});
    for (const since of ['abc', '-1', '1.5', '99']) {
      const {status, body} = await poll(since);
      expect(status, since).toBe(400);
      expect((body as {detail: string}).detail).toBeTruthy();
    }
  });
});

describe('GET /events/long-poll (long polling)', () => {
  const longPoll = (since: number, signal?: AbortSignal) =>
    fetch(`${server!.url}/events/long-poll?since=${since}`, {signal});

  it('answers at once when the backlog already has newer events', async () => {
    server = await startTestServer({eventIntervalMs: 30});
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const response = await longPoll(0);
    expect(response.status).toBe(200);
    expect(((await response.json()) as PollResponse).events.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('holds the request until the next event and answers within 100 ms of it', async () => {
    server = await startTestServer({eventIntervalMs: 400});
    const {latestId} = (await (await fetch(`${server.url}/events/poll`)).json()) as PollResponse;
    const response = await longPoll(latestId);
    const arrivedAt = Date.now();
    expect(response.status).toBe(200);
    const {events} = (await response.json()) as PollResponse;
    expect(events[0]!.id).toBe(latestId + 1);
    expect(arrivedAt - events[0]!.emittedAt).toBeLessThan(100);
  });

  it('answers 204 after its timeout when nothing happens', async () => {
    server = await startTestServer({eventIntervalMs: 60_000, longPollTimeoutMs: 300});
    const started = Date.now();
    const response = await longPoll(0);
    expect(response.status).toBe(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('bounds parked requests per client with 429 and Retry-After, and frees a place on abort', async () => {
    server = await startTestServer({eventIntervalMs: 60_000, maxParkedLongPollsPerClient: 2, maxParkedLongPolls: 3});
    const aborts = [new AbortController(), new AbortController()];
    const parked = aborts.map((controller) => longPoll(0, controller.signal).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await longPoll(0);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('5');
    await third.body?.cancel();

    aborts[0]!.abort();
    await parked[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = new AbortController();
    const admitted = longPoll(0, again.signal).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Two parked again from this client: the next one is refused, the freed place was reused.
    const refused = await longPoll(0);
    expect(refused.status).toBe(429);
    await refused.body?.cancel();
    again.abort();
    aborts[1]!.abort();
    await Promise.all([admitted, parked[1]]);
  });

  it('bounds parked requests in total with 503 and Retry-After', async () => {
    server = await startTestServer({eventIntervalMs: 60_000, maxParkedLongPolls: 1});
    const controller = new AbortController();
    const parked = longPoll(0, controller.signal).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await longPoll(0);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    await refused.body?.cancel();
    controller.abort();
    await parked;
  });

  it('answers parked requests at shutdown instead of holding the server open', async () => {
    server = await startTestServer({eventIntervalMs: 60_000});
    const pending = longPoll(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.shutdown();
    server = undefined;
    expect((await pending).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
