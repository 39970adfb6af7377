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
