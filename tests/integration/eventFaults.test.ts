/**
 * `GET /events/faults?case=` with a real HTTP client (node:http, no redirects followed, every chunk timed): each case
 * answers as it says, for that request only, within its bounds, and its attempt's record holds every request and
 * what the server did afterwards.
 */
import {once} from 'node:events';
import {createServer, request as httpRequest, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {FaultHeartbeat, FaultStreamMessage} from '../../demo-server/src/contract/eventFaults.ts';
import {ProblemDetails} from '../../demo-server/src/contract/rest.ts';
import {check, type Schema} from '../../demo-server/src/contract/schema.ts';
import {EVENT_FAULT_LIMITS} from '../../demo-server/src/limits.ts';
import {eventFaultsRoute} from '../../demo-server/src/routes/eventFaults.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.shutdown());

let counter = 0;
const newAttempt = () => `faults-${process.pid}-${++counter}`;

interface Chunk {
  at: number;
  text: string;
}

interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every chunk of the body with the time it arrived, relative to the request. */
  chunks: Chunk[];
  /** Resolves when the server ends the body (the client may instead call `close`). */
  ended: Promise<number>;
  close(): void;
}

/** One GET with its chunks timed; resolves once the head has arrived. */
function get(target: string, headers: Record<string, string> = {}, base = server.url): Promise<Exchange> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${target}`, {headers: {Origin: SITE_ORIGIN, ...headers}}, (res) => {
      const chunks: Chunk[] = [];
      res.setEncoding('utf8');
      res.on('data', (text: string) => chunks.push({at: performance.now() - started, text}));
      const ended = new Promise<number>((done) => res.on('end', () => done(performance.now() - started)));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        chunks,
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
    req.end();
  });
}

/** The value, checked against its published schema: a test fails on a shape the contract does not describe. */
function checked<T>(schema: Schema<T>, value: unknown): T {
  const result = check(schema, value);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.value;
}

const bodyOf = (exchange: Exchange) => exchange.chunks.map((chunk) => chunk.text).join('');

async function readAttempt(id: string): Promise<AttemptRecord> {
  const res = await fetch(`${server.url}${ENDPOINTS.attempts}/${id}`, {headers: {Origin: SITE_ORIGIN}});
  expect(res.status).toBe(200);
  return checked(AttemptRecord, await res.json());
}

/** The data of the first `message` event of a stream's text, checked against its schema. */
function firstMessage(text: string): FaultStreamMessage {
  const data = /^data: (.*)$/m.exec(text)?.[1];
  return checked(FaultStreamMessage, JSON.parse(data ?? 'null'));
}

const faults = (faultCase: string, attempt: string) => `${ENDPOINTS.eventsFaults}?case=${faultCase}&attempt=${attempt}`;

describe('the cases that answer without a stream', () => {
  it('no-content: 204 with no body, kept in the attempt with the server’s note', async () => {
    const attempt = newAttempt();
    const res = await get(faults('no-content', attempt));
    await res.ended;
    expect(res.status).toBe(204);
    expect(bodyOf(res)).toBe('');
    const record = await readAttempt(attempt);
    expect(record.exchanges).toHaveLength(1);
    expect(record.exchanges[0]?.request).toMatch(/^GET \/events\/faults\?case=no-content&attempt=/);
    expect(record.exchanges[0]?.response).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
    expect(record.notes.map((note) => note.text)).toEqual([expect.stringMatching(/^Answered 204 No Content/)]);
  });

  it('wrong-type: 200 as text/plain, whose body would be a valid event stream', async () => {
    const attempt = newAttempt();
    const res = await get(faults('wrong-type', attempt));
    await res.ended;
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(bodyOf(res)).toMatch(/^data: .+\n\n$/);
    const [exchange] = (await readAttempt(attempt)).exchanges;
    expect(exchange?.response).toContain('\r\nContent-Type: text/plain; charset=utf-8');
    expect(exchange?.body).toBe(bodyOf(res));
  });

  it('server-error: 500 with problem details that say it was asked for', async () => {
    const attempt = newAttempt();
    const res = await get(faults('server-error', attempt));
    await res.ended;
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(bodyOf(res))).toMatchObject({status: 500, detail: expect.stringContaining('case=server-error')});
  });

  it('redirect: 307 to end-retry on the same path, keeping the attempt, so the record holds both requests', async () => {
    const attempt = newAttempt();
    const first = await get(faults('redirect', attempt), {'Last-Event-ID': '41'});
    await first.ended;
    expect(first.status).toBe(307);
    expect(first.headers.location).toBe(`${ENDPOINTS.eventsFaults}?case=end-retry&attempt=${attempt}`);
    // What a browser does: the same request (headers included) to the new location.
    const second = await get(first.headers.location ?? '', {'Last-Event-ID': '41'});
    await second.ended;
    expect(second.status).toBe(200);
    expect(firstMessage(bodyOf(second))).toMatchObject({case: 'end-retry', n: 42, lastEventId: '41'});
    const record = await readAttempt(attempt);
    expect(record.exchanges.map((exchange) => exchange.response?.slice(0, 12))).toEqual([
      'HTTP/1.1 307',
      'HTTP/1.1 200',
    ]);
    expect(record.exchanges[0]?.response).toContain(`\r\nLocation: ${first.headers.location}`);
    expect(record.exchanges[1]?.request).toContain('\r\nLast-Event-ID: 41');
  });

  it('refuses a case it does not know, naming the ones it does', async () => {
    const res = await get(`${ENDPOINTS.eventsFaults}?case=%00nope`);
    await res.ended;
    expect(res.status).toBe(400);
    expect(checked(ProblemDetails, JSON.parse(bodyOf(res))).detail).toBe(
      '"case" must be one of no-content, wrong-type, server-error, redirect, end-retry, end, silent, heartbeat-comment, heartbeat-event',
    );
  });
});

describe('the cases that stream', () => {
  it('end-retry: a retry hint and one event whose id follows Last-Event-ID, then a clean end after endAfterMs', async () => {
    const attempt = newAttempt();
    const res = await get(faults('end-retry', attempt), {'Last-Event-ID': '7'});
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const endedAfter = await res.ended;
    const text = bodyOf(res);
    expect(text).toMatch(new RegExp(`^retry: ${EVENT_FAULT_LIMITS.retryHintMs}\\nid: 8\\ndata: .+\\n\\n$`));
    expect(firstMessage(text)).toMatchObject({case: 'end-retry', n: 8, lastEventId: '7'});
    expect(endedAfter).toBeGreaterThanOrEqual(EVENT_FAULT_LIMITS.endAfterMs - 50);
    expect(endedAfter).toBeLessThan(EVENT_FAULT_LIMITS.endAfterMs + 1_500);
    const record = await readAttempt(attempt);
    expect(record.exchanges[0]?.request).toContain('\r\nLast-Event-ID: 7');
    expect(record.exchanges[0]?.body).toBe(text);
    expect(record.exchanges[0]?.endedAt).not.toBeNull();
    expect(record.notes.map((note) => note.text)).toEqual([expect.stringMatching(/^Ended the stream after \d+ ms/)]);
  });

  it('end: the same stream with no retry field; with no Last-Event-ID its event is id 1', async () => {
    const attempt = newAttempt();
    const res = await get(faults('end', attempt));
    await res.ended;
    const text = bodyOf(res);
    expect(text).not.toContain('retry:');
    expect(text).toMatch(/^id: 1\n/);
    expect(firstMessage(text)).toMatchObject({case: 'end', n: 1, lastEventId: null});
  });

  it('silent: one event, then not a byte while the connection stays open; the client leaving is noted', async () => {
    const attempt = newAttempt();
    const res = await get(faults('silent', attempt));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(res.chunks).toHaveLength(1);
    expect(firstMessage(bodyOf(res)).case).toBe('silent');
    res.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const record = await readAttempt(attempt);
    expect(record.notes.map((note) => note.text)).toEqual([
      expect.stringMatching(/^Sent one event; from now on, not a byte/),
      expect.stringMatching(/^The client closed the stream after \d+ ms/),
    ]);
  });

  it.each(['heartbeat-comment', 'heartbeat-event'] as const)(
    '%s: heartbeats heartbeatMs apart, then silence',
    async (faultCase) => {
      const {heartbeats, heartbeatMs} = EVENT_FAULT_LIMITS;
      const res = await get(faults(faultCase, newAttempt()));
      await new Promise((resolve) => setTimeout(resolve, heartbeats * heartbeatMs + heartbeatMs + 200));
      res.close();
      const [first, ...beats] = res.chunks;
      expect(firstMessage(first?.text ?? '').case).toBe(faultCase);
      expect(beats).toHaveLength(heartbeats);
      beats.forEach((beat, i) => {
        expect(beat.at).toBeGreaterThanOrEqual((i + 1) * heartbeatMs - 50);
        if (faultCase === 'heartbeat-comment') expect(beat.text).toBe(`: heartbeat ${i + 1} of ${heartbeats}\n\n`);
        else {
          const data = /^event: heartbeat\ndata: (.*)\n\n$/.exec(beat.text)?.[1];
          expect(checked(FaultHeartbeat, JSON.parse(data ?? 'null'))).toMatchObject({beat: i + 1, of: heartbeats});
        }
      });
    },
    15_000,
  );
});

describe('bounds', () => {
  it('counts open fault streams per client: past the bound, 429 with Retry-After and the count', async () => {
    const small = await startTestServer({maxStreamsPerClient: 1});
    try {
      const open = await get(`${ENDPOINTS.eventsFaults}?case=silent`, {}, small.url);
      expect(open.status).toBe(200);
      const refused = await get(`${ENDPOINTS.eventsFaults}?case=silent`, {}, small.url);
      await refused.ended;
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('5');
      expect(checked(ProblemDetails, JSON.parse(bodyOf(refused))).detail).toBe(
        'Your address has 1 fault streams open, the most one client may',
      );
      // The answers that hold nothing open are not counted.
      const quick = await get(`${ENDPOINTS.eventsFaults}?case=no-content`, {}, small.url);
      expect(quick.status).toBe(204);
      open.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = await get(`${ENDPOINTS.eventsFaults}?case=end`, {}, small.url);
      expect(again.status).toBe(200);
      await again.ended;
    } finally {
      await small.shutdown();
    }
  });

  it('counts them in total too: past it, 503', async () => {
    const small = await startTestServer({maxStreams: 1});
    try {
      const open = await get(`${ENDPOINTS.eventsFaults}?case=silent`, {'X-Forwarded-For': '203.0.113.9'}, small.url);
      const refused = await get(`${ENDPOINTS.eventsFaults}?case=heartbeat-event`, {}, small.url);
      await refused.ended;
      expect(refused.status).toBe(503);
      expect(checked(ProblemDetails, JSON.parse(bodyOf(refused))).detail).toMatch(/has 1 fault streams open already/);
      open.close();
    } finally {
      await small.shutdown();
    }
  });

  it('ends a stream that went quiet at the cap, cleanly, and gives the reader its place back', async () => {
    // The route alone on a real listener, its cap shortened: the server's own is EVENT_FAULT_LIMITS.maxStreamMs.
    const {heartbeats, heartbeatMs} = EVENT_FAULT_LIMITS;
    const notes: {client: string; text: string}[] = [];
    const clientOf = (req: {headers: IncomingHttpHeaders}) => String(req.headers['x-reader'] ?? 'nobody');
    const route = eventFaultsRoute({
      maxStreams: 10,
      maxStreamsPerClient: 1,
      clientOf,
      note: (req, text) => notes.push({client: clientOf(req), text}),
      // Past the heartbeat case's last beat, so that it too has gone quiet when the cap comes.
      maxStreamMs: heartbeats * heartbeatMs + 400,
    });
    // This route reads no body: its handler answers at once and returns nothing to wait for.
    const origin = createServer((req, res) => void route.handle(req, res));
    origin.listen(0, '127.0.0.1');
    await once(origin, 'listening');
    const base = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    try {
      const capMs = heartbeats * heartbeatMs + 400;
      const [silent, beating] = await Promise.all([
        get(`${ENDPOINTS.eventsFaults}?case=silent`, {'X-Reader': 'a'}, base),
        get(`${ENDPOINTS.eventsFaults}?case=heartbeat-event`, {'X-Reader': 'b'}, base),
      ]);
      expect(route.open).toBe(2);
      // A second stream for either reader is past its bound while the first is open.
      const refused = await get(`${ENDPOINTS.eventsFaults}?case=silent`, {'X-Reader': 'a'}, base);
      await refused.ended;
      expect(refused.status).toBe(429);
      // 'end', not 'aborted': the last chunk of the body came, which is what EventSource reads as the end.
      const [silentEndedAt, beatingEndedAt] = await Promise.all([silent.ended, beating.ended]);
      for (const endedAt of [silentEndedAt, beatingEndedAt]) {
        expect(endedAt).toBeGreaterThanOrEqual(capMs - 20);
        expect(endedAt).toBeLessThan(capMs + 1_500);
      }
      expect(silent.chunks).toHaveLength(1);
      expect(beating.chunks).toHaveLength(1 + heartbeats);
      expect(route.open).toBe(0);
      for (const client of ['a', 'b']) {
        expect(notes.filter((note) => note.client === client).at(-1)?.text).toMatch(
          new RegExp(
            `^Ended the stream after \\d+ ms \\(no fault stream lives longer than ${capMs} ms\\): a clean end`,
          ),
        );
      }
      const again = await get(`${ENDPOINTS.eventsFaults}?case=end`, {'X-Reader': 'a'}, base);
      expect(again.status).toBe(200);
      await again.ended;
    } finally {
      route.endAll();
      origin.close();
    }
  });

  it('ends every open fault stream at shutdown, cleanly', async () => {
    const small = await startTestServer();
    const open = await get(`${ENDPOINTS.eventsFaults}?case=silent`, {}, small.url);
    const shutdown = small.shutdown();
    expect(await open.ended).toBeLessThan(EVENT_FAULT_LIMITS.maxStreamMs);
    await shutdown;
  });
});
