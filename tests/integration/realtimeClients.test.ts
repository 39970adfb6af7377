/**
 * The site's real-time clients (src/lib/realtime/) against the
 * real demo server, with Node's own fetch and WebSocket: short polling, long
 * polling and WebSocket push, started after the same event, deliver the same
 * ids in order, none lost or repeated, and stop() leaves nothing running.
 * (SseClient needs a browser's EventSource; the e2e tests cover it.)
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {CostReport, PollResponse, ServerEvent} from '../../demo-server/src/contract/events.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {newSessionId} from '../../src/lib/realtime/session.ts';
import {LongPollClient} from '../../src/lib/realtime/longPollClient.ts';
import {ShortPollClient} from '../../src/lib/realtime/shortPollClient.ts';
import type {TransportClient, TransportOptions} from '../../src/lib/realtime/transportClient.ts';
import {WebSocketPushClient} from '../../src/lib/realtime/webSocketPushClient.ts';
import {eventEmitted} from './support/events.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
let clients: TransportClient[] = [];
afterEach(async () => {
  for (const client of clients) client.stop();
  clients = [];
  await server?.shutdown();
  server = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function costs(base: string, session: string): Promise<CostReport> {
  return (await (await fetch(`${base}/events/costs?session=${session}`)).json()) as CostReport;
}

describe('the real-time clients against the real demo server', () => {
  it('short polling, long polling and WebSocket push deliver the same ids, in order, none lost or repeated', async () => {
    server = await startTestServer({eventIntervalMs: 50});
    const base = server.url;
    const session = newSessionId();
    const {latestId: start} = (await (await fetch(`${base}/events/poll`)).json()) as PollResponse;

    const received = {poll: [] as number[], longPoll: [] as number[], ws: [] as number[]};
    const unreachable: string[] = [];
    const options = (into: number[], name: string): TransportOptions => ({
      serverUrl: base,
      session,
      onEvents: (events: ServerEvent[]) => into.push(...events.map((event) => event.id)),
      onUnreachable: () => unreachable.push(name),
    });
    clients = [
      new ShortPollClient({...options(received.poll, 'poll'), intervalMs: 120}),
      new LongPollClient(options(received.longPoll, 'longPoll')),
      new WebSocketPushClient(options(received.ws, 'ws')),
    ];
    for (const client of clients) client.start(start);

    const deadline = Date.now() + 8_000;
    while (Object.values(received).some((ids) => ids.length < 20) && Date.now() < deadline) await sleep(50);
    for (const client of clients) client.stop();

    expect(unreachable).toEqual([]);
    for (const [transport, ids] of Object.entries(received)) {
      expect(ids.length, transport).toBeGreaterThanOrEqual(20);
      // Consecutive from the first event after `start`: nothing lost, nothing twice.
      expect(ids, transport).toEqual(ids.map((_, i) => start + 1 + i));
    }
    const upTo = Math.min(...Object.values(received).map((ids) => ids.at(-1) ?? start));
    const [poll, longPoll, ws] = Object.values(received).map((ids) => ids.filter((id) => id <= upTo));
    expect(longPoll).toEqual(poll);
    expect(ws).toEqual(poll);
    for (const client of clients)
      expect(client.lastId, client.transport).toBe(start + received[client.transport as keyof typeof received].length);

    // The server counted this session's requests apart from everyone's.
    const report = await costs(base, session);
    expect(report.transports.ws).toMatchObject({requests: 1, connections: 1});
    expect(report.transports.poll.requests).toBeGreaterThanOrEqual(3);
    expect(report.transports.longPoll.requests).toBeGreaterThanOrEqual(received.longPoll.length > 0 ? 2 : 1);
    expect(report.transports.poll.events).toBeGreaterThanOrEqual(received.poll.length);
    expect(report.transports.sse.requests).toBe(0);

    // After stop(), nothing more goes out, and the WebSocket is closed.
    await sleep(300);
    const settled = await costs(base, session);
    await sleep(500);
    const later = await costs(base, session);
    expect(later.transports.poll.requests).toBe(settled.transports.poll.requests);
    expect(later.transports.longPoll.requests).toBe(settled.transports.longPoll.requests);
    expect(later.transports.ws).toMatchObject({requests: 1, open: 0});
  });

  it('a client that fell behind the backlog is told so and follows on from the newest event', async () => {
    server = await startTestServer({eventIntervalMs: 20, eventBacklog: 5});
    const base = server.url;
    // Until event 8 is out, so the backlog (5) no longer holds event 2.
    await eventEmitted(base, 8);
    const gaps: string[] = [];
    const ids: number[] = [];
    const client = new ShortPollClient({
      serverUrl: base,
      session: newSessionId(),
      intervalMs: 50,
      onEvents: (events) => ids.push(...events.map((event) => event.id)),
      onActivity: (activity) => {
        if (activity.kind === 'gap') gaps.push(activity.detail);
      },
    });
    clients = [client];
    client.start(1);
    const deadline = Date.now() + 5_000;
    while (ids.length < 5 && Date.now() < deadline) await sleep(20);
    client.stop();
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatch(/^410 Gone: Events after 1 are no longer all kept/);
    expect(ids[0]).toBeGreaterThan(6);
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
  });
});
