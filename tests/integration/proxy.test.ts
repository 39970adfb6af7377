/**
 * The proxy in the path (`/via-proxy/{settings}/…`) with real clients: Node's
 * HTTP client timing each chunk, `ws`, and the server's own record of what the
 * origin saw behind the proxy (`?attempt=`). Each setting is checked by what a
 * client would notice: lumps, a 504 or a cut, a refused handshake, a slower
 * answer; and the bounds: per-reader counts, settings refused with words.
 */
import {once} from 'node:events';
import {createServer, get, type IncomingMessage} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {createAttemptLog} from '../../demo-server/src/attempts.ts';
import type {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import type {PollResponse} from '../../demo-server/src/contract/events.ts';
import {viaProxyPath, type ProxySettings} from '../../demo-server/src/contract/proxy.ts';
import {carriedCount} from '../../demo-server/src/proxy/loopback.ts';
import {createProxy} from '../../demo-server/src/proxy/proxy.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../../demo-server/src/server.ts';
import {SITE_ORIGIN, testConfig} from './support/server.ts';

/** Events every 100 ms: lumps and delays show within a second. */
let busy: DemoServer;
/** Events once a minute: the origin is silent, as a long poll's is between events. */
let quiet: DemoServer;
beforeAll(async () => {
  // Behind a reverse proxy, as in production: X-Forwarded-For gives each test client its own address.
  [busy, quiet] = await Promise.all([
    startServer({...testConfig({eventIntervalMs: 100}), trustProxy: true}, {logger: silentLogger}),
    startServer({...testConfig({eventIntervalMs: 60_000}), trustProxy: true}, {logger: silentLogger}),
  ]);
});
afterAll(() => Promise.all([busy.shutdown(), quiet.shutdown()]));

let counter = 0;
const newAttempt = () => `proxy-test-${process.pid}-${++counter}`;

interface Timed {
  status: number;
  headers: IncomingMessage['headers'];
  /** Each chunk as it arrived, ms after the request went out. */
  chunks: {at: number; text: string}[];
  /** How the body ended: 'end' (complete), 'aborted' (cut), or 'open' (still going when read). */
  ended: 'end' | 'aborted' | 'open';
  body: string;
}

/** A GET through Node's own client, its chunks timed, read until it ends or `forMs` passes. */
function timedGet(server: Pick<DemoServer, 'url'>, path: string, client: string, forMs = 10_000): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const request = get(
      `${server.url}${path}`,
      {headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client}, agent: false},
      (res) => {
        const result: Timed = {status: res.statusCode ?? 0, headers: res.headers, chunks: [], ended: 'open', body: ''};
        const done = (ended: Timed['ended']) => {
          clearTimeout(timer);
          result.ended = ended;
          result.body = result.chunks.map((chunk) => chunk.text).join('');
          request.destroy();
          resolve(result);
        };
        const timer = setTimeout(() => done('open'), forMs);
        res.setEncoding('utf8');
        res.on('data', (text: string) => result.chunks.push({at: Date.now() - started, text}));
        res.on('end', () => done('end'));
        res.on('aborted', () => done('aborted'));
        res.on('error', () => done('aborted'));
      },
    );
    request.on('error', reject);
  });
}

async function readAttempt(server: DemoServer, id: string, client: string): Promise<AttemptRecord> {
  const res = await fetch(`${server.url}${ENDPOINTS.attempts}/${id}`, {
    headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client},
  });
  expect(res.status).toBe(200);
  return (await res.json()) as AttemptRecord;
}

const through = (settings: Partial<ProxySettings>, path: Parameters<typeof viaProxyPath>[1], query = '') =>
  `${viaProxyPath(settings, path)}${query}`;

/** The SSE events (`id:` lines) in a piece of a stream. */
const idsIn = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));

describe('the proxy in the path', () => {
  it('forwards as a proxy: the same answer, hop-by-hop fields removed, Via added both ways', async () => {
    const attempt = newAttempt();
    const client = '203.0.113.10';
    const res = await timedGet(busy, through({attempt}, ENDPOINTS.eventsPoll, '?since=0'), client);
    expect(res.status).toBe(200);
    expect(res.headers.via).toBe('1.1 otw-proxy');
    expect(res.headers['access-control-allow-origin']).toBe(SITE_ORIGIN);
    const body = JSON.parse(res.body) as PollResponse;
    expect(body.latestId).toBeGreaterThanOrEqual(0);

    // The origin saw the request the proxy made of it: its own path, the attempt, Via, no Keep-Alive or Connection
    // from the browser's hop.
    const record = await readAttempt(busy, attempt, client);
    expect(record.exchanges).toHaveLength(1);
    const [exchange] = record.exchanges;
    expect(exchange?.request).toMatch(new RegExp(`^GET ${ENDPOINTS.eventsPoll}\\?since=0&attempt=${attempt} HTTP/1.1`));
    expect(exchange?.request).toMatch(/\r\nVia: 1\.1 otw-proxy(\r\n|$)/);
    expect(exchange?.request).toMatch(/\r\nX-Forwarded-For: 203\.0\.113\.10/);
    expect(exchange?.response).toMatch(/^HTTP\/1\.1 200 OK/);
  });

  it('with a buffer, passes an event stream on in lumps: several events in one chunk, none before the flush', async () => {
    const attempt = newAttempt();
    const client = '203.0.113.11';
    const res = await timedGet(
      busy,
      through({buffer: 64 * 1024, flushMs: 1_000, attempt}, ENDPOINTS.eventsStream),
      client,
      2_600,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    // Node sends the head with the first bytes of the body; both waited for the buffer's clock.
    const withEvents = res.chunks.filter((chunk) => idsIn(chunk.text).length > 0);
    expect(withEvents.length).toBeGreaterThanOrEqual(1);
    expect(withEvents[0]!.at).toBeGreaterThanOrEqual(900);
    // Events come every 100 ms on average: a second's lump holds several.
    expect(Math.max(...withEvents.map((chunk) => idsIn(chunk.text).length))).toBeGreaterThanOrEqual(3);
    // Nothing lost or repeated by the holding.
    const ids = idsIn(res.body);
    expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));

    const record = await readAttempt(busy, attempt, client);
    expect(record.notes.some((note) => /^Proxy: passed on \d+ bytes held for \d+ ms$/.test(note.text))).toBe(true);
  });

  it('without a buffer, the same stream arrives event by event', async () => {
    const res = await timedGet(busy, through({}, ENDPOINTS.eventsStream), '203.0.113.12', 1_500);
    const withEvents = res.chunks.filter((chunk) => idsIn(chunk.text).length > 0);
    expect(withEvents.length).toBeGreaterThanOrEqual(4);
    // Passed on as they come (every 100 ms), not held for a flush: the chunks spread over the window. A fixed bound
    // on the first one failed a clean-clone run at a load average of 10 (984 ms against 900).
    expect(withEvents.at(-1)!.at - withEvents[0]!.at).toBeGreaterThanOrEqual(300);
  });

  it('times out a silent long poll with 504 Gateway Timeout and problem details, and says so on the attempt', async () => {
    const attempt = newAttempt();
    const client = '203.0.113.13';
    const started = Date.now();
    const res = await timedGet(quiet, through({idleMs: 300, attempt}, ENDPOINTS.eventsLongPoll), client);
    const tookMs = Date.now() - started;
    expect(res.status).toBe(504);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['proxy-status']).toBe('otw-proxy; error=http_response_timeout');
    expect(JSON.parse(res.body)).toMatchObject({status: 504, detail: expect.stringContaining('300 ms') as string});
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(2_000);

    const record = await readAttempt(quiet, attempt, client);
    // The origin saw the long poll, and never answered it: the proxy gave up first.
    expect(record.exchanges[0]?.request).toMatch(/^GET \/events\/long-poll\?attempt=/);
    expect(record.exchanges[0]?.response).toBeNull();
    expect(record.notes.map((note) => note.text)).toContain(
      'Proxy: the origin said nothing for 300 ms: answered 504 Gateway Timeout',
    );
  });

  it('cuts an event stream that goes silent after its head: the body ends unfinished', async () => {
    const res = await timedGet(quiet, through({idleMs: 300}, ENDPOINTS.eventsStream), '203.0.113.14', 3_000);
    expect(res.status).toBe(200);
    expect(res.body).toContain('event: stream-start');
    expect(res.ended).toBe('aborted');
  });

  it('with upgrade=strip, forwards a handshake as a plain GET: the origin answers 426, and the browser gets it', async () => {
    const attempt = newAttempt();
    const client = '203.0.113.15';
    const result = await new Promise<{status: number; headers: IncomingMessage['headers']; body: string}>(
      (resolve, reject) => {
        const ws = new WebSocket(
          `${busy.url.replace('http', 'ws')}${through({upgrade: 'strip', attempt}, ENDPOINTS.eventsWebSocket)}`,
          {headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client}},
        );
        ws.on('open', () => reject(new Error('the handshake went through')));
        ws.on('unexpected-response', (_req, res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (text: string) => (body += text));
          res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body}));
        });
        ws.on('error', () => undefined);
      },
    );
    expect(result.status).toBe(426);
    expect(result.headers.via).toBe('1.1 otw-proxy');
    // The origin's Upgrade and Connection are hop-by-hop: they stop at the proxy too.
    expect(result.headers.upgrade).toBeUndefined();
    expect(JSON.parse(result.body)).toMatchObject({status: 426});

    const record = await readAttempt(busy, attempt, client);
    const request = record.exchanges[0]?.request ?? '';
    expect(record.exchanges[0]?.transport).toBe('http');
    expect(request).toMatch(/^GET \/ws\/events\?attempt=/);
    expect(request).not.toMatch(/\r\nUpgrade:/i);
    expect(request).toMatch(/\r\nSec-WebSocket-Key: /);
    expect(record.notes.map((note) => note.text)).toContain(
      "Proxy: removed Upgrade and Connection (hop-by-hop fields) and forwarded a plain GET; relayed the origin's 426 to the browser",
    );
  });

  it('forwards a handshake and tunnels the WebSocket, slowed by the link’s latency', async () => {
    const open = (settings: Partial<ProxySettings>) =>
      new Promise<{upgradedMs: number; firstMessageMs: number; via: string | undefined}>((resolve, reject) => {
        const started = Date.now();
        let upgradedMs = 0;
        let via: string | undefined;
        const ws = new WebSocket(`${busy.url.replace('http', 'ws')}${through(settings, ENDPOINTS.eventsWebSocket)}`, {
          headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': '203.0.113.16'},
        });
        ws.on('upgrade', (res) => {
          upgradedMs = Date.now() - started;
          via = res.headers.via;
        });
        ws.on('message', () => {
          resolve({upgradedMs, firstMessageMs: Date.now() - started, via});
          ws.close(1000);
        });
        ws.on('error', reject);
      });
    const plain = await open({});
    expect(plain.via).toBe('1.1 otw-proxy');
    const slow = await open({latencyMs: 400});
    // Once on the way there, once on the way back.
    expect(slow.upgradedMs).toBeGreaterThanOrEqual(780);
    // The server's first message may cross the slow link in the same piece as the 101, and arrive in the same
    // millisecond: not before it.
    expect(slow.firstMessageMs).toBeGreaterThanOrEqual(slow.upgradedMs);
  });

  it('with a slow link, an answer takes its size over the rate', async () => {
    const rate = 2048;
    const res = await timedGet(busy, through({bytesPerSecond: rate}, ENDPOINTS.eventsPoll, '?since=0'), '203.0.113.17');
    expect(res.status).toBe(200);
    const bytes = Buffer.byteLength(res.body);
    expect(bytes).toBeGreaterThan(2048);
    // Pieces of 1 KiB, each after its share of the rate: the last one arrives at least bytes / rate s in.
    expect(res.chunks.length).toBeGreaterThanOrEqual(2);
    expect(res.chunks.at(-1)!.at).toBeGreaterThanOrEqual((bytes / rate) * 1000 - 50);
  });

  it('counts each reader alone behind it: one reader’s streams do not use up another’s', async () => {
    // The origin allows 4 streams per client; through the proxy each reader still has its own 4.
    const first = '203.0.113.18';
    const streams = [1, 2, 3, 4, 5].map(() => timedGet(busy, through({}, ENDPOINTS.eventsStream), first, 1_000));
    const other = timedGet(busy, through({}, ENDPOINTS.eventsStream), '203.0.113.19', 1_000);
    const statuses = (await Promise.all(streams)).map((res) => res.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await other).status).toBe(200);
  });

  it('refuses settings it does not know, paths it does not forward, methods it does not carry', async () => {
    const client = '203.0.113.20';
    const tooBig = await timedGet(busy, `${ENDPOINTS.viaProxy}/buffer=99999999${ENDPOINTS.eventsPoll}`, client);
    expect(tooBig.status).toBe(400);
    expect(JSON.parse(tooBig.body)).toMatchObject({
      detail: '"buffer" must be a whole number of bytes from 1 to 65536, or 0 for off',
    });
    const unknown = await timedGet(busy, `${ENDPOINTS.viaProxy}/speed=9${ENDPOINTS.eventsPoll}`, client);
    expect(unknown.status).toBe(400);
    const elsewhere = await timedGet(busy, `${ENDPOINTS.viaProxy}/plain${ENDPOINTS.api}`, client);
    expect(elsewhere.status).toBe(404);
    const loop = await timedGet(
      busy,
      `${ENDPOINTS.viaProxy}/plain${ENDPOINTS.viaProxy}/plain${ENDPOINTS.eventsPoll}`,
      client,
    );
    expect(loop.status).toBe(404);
    const post = await fetch(`${busy.url}${through({}, ENDPOINTS.eventsPoll)}`, {
      method: 'POST',
      headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client},
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await post.body?.cancel();
  });

  it('carries at most maxProxiedExchangesPerClient at once for one reader (429), and forgets the connections it made', async () => {
    const server = await startServer(
      {...testConfig({maxProxiedExchangesPerClient: 4}), trustProxy: true},
      {logger: silentLogger},
    );
    try {
      const client = '203.0.113.21';
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map(() => timedGet(server, through({}, ENDPOINTS.eventsStream), client, 800)),
      );
      const refused = results.filter((res) => res.status === 429);
      expect(refused).toHaveLength(1);
      expect(JSON.parse(refused[0]!.body)).toMatchObject({
        detail: 'The proxy carries at most 4 exchanges at once for one client; close one first',
      });
      expect(refused[0]!.headers['retry-after']).toBe('5');
      // Once the streams are closed, the reader has its places back.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await timedGet(server, through({}, ENDPOINTS.eventsStream), client, 300);
      expect(again.status).toBe(200);
    } finally {
      await server.shutdown();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(carriedCount()).toBe(0);
  });
});

/** How a WebSocket through the proxy went: when it opened and closed (ms after it was made), and the close code. */
interface TunnelEnd {
  openedMs: number;
  messages: number;
  closedMs: number;
  code: number;
}

function tunnel(base: string, path: string, client: string): Promise<TunnelEnd> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let openedMs = -1;
    let messages = 0;
    const ws = new WebSocket(`${base.replace('http', 'ws')}${path}`, {
      headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client},
    });
    ws.on('open', () => (openedMs = Date.now() - started));
    ws.on('message', () => (messages += 1));
    ws.on('close', (code) => resolve({openedMs, messages, closedMs: Date.now() - started, code}));
    ws.on('unexpected-response', () => reject(new Error('the handshake was refused')));
    ws.on('error', () => undefined);
  });
}

describe('the proxy’s own time bounds', () => {
  it('cuts a tunnel the origin is silent on for the idle timeout: no close frame, 1006 at the client', async () => {
    const attempt = newAttempt();
    const client = '203.0.113.30';
    const end = await tunnel(quiet.url, through({idleMs: 300, attempt}, ENDPOINTS.eventsWebSocket), client);
    expect(end.openedMs).toBeGreaterThanOrEqual(0);
    expect(end.code).toBe(1006);
    expect(end.closedMs - end.openedMs).toBeGreaterThanOrEqual(250);
    expect(end.closedMs - end.openedMs).toBeLessThan(2_000);
    const record = await readAttempt(quiet, attempt, client);
    expect(record.notes.map((note) => note.text)).toContain(
      'Proxy: the origin said nothing for 300 ms: cut the tunnel, with no close frame',
    );
  });

  describe('with the longest exchange shortened', () => {
    const maxExchangeMs = 800;
    /** A proxy of its own in front of `origin`, its longest exchange shortened, one exchange per reader. */
    async function shortProxy(origin: DemoServer) {
      const clientOf = (req: IncomingMessage) => String(req.headers['x-forwarded-for']);
      const proxy = createProxy({
        origin: () => ({host: '127.0.0.1', port: origin.port}),
        maxExchanges: 100,
        maxExchangesPerClient: 1,
        clientOf,
        attempts: createAttemptLog({
          maxAttempts: 10,
          maxAttemptsPerClient: 10,
          maxChars: 64 * 1024,
          clientOf,
        }),
        maxExchangeMs,
      });
      const listener = createServer((req, res) => proxy.handle(req, res));
      listener.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => proxy.upgrade(req, socket, head));
      listener.listen(0, '127.0.0.1');
      await once(listener, 'listening');
      return {
        proxy,
        url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
        close: () => {
          listener.closeAllConnections();
          listener.close();
        },
      };
    }

    it('ends an event stream that lives that long cleanly, after the events it carried', async () => {
      const short = await shortProxy(busy);
      try {
        const res = await timedGet(short, through({}, ENDPOINTS.eventsStream), '203.0.113.31', 5_000);
        expect(res.status).toBe(200);
        expect(res.ended).toBe('end');
        expect(idsIn(res.body).length).toBeGreaterThanOrEqual(2);
        const last = res.chunks.at(-1)!.at;
        expect(last).toBeLessThan(maxExchangeMs + 1_000);
        expect(short.proxy.open).toBe(0);
      } finally {
        short.close();
      }
    });

    it('answers 504 to a long poll not answered by then', async () => {
      const short = await shortProxy(quiet);
      try {
        const started = Date.now();
        const res = await timedGet(short, through({}, ENDPOINTS.eventsLongPoll), '203.0.113.32');
        const tookMs = Date.now() - started;
        expect(res.status).toBe(504);
        expect(res.headers['proxy-status']).toBe('otw-proxy; error=http_response_timeout');
        expect(JSON.parse(res.body)).toMatchObject({
          status: 504,
          detail: `The exchange reached ${maxExchangeMs} ms, the longest this proxy carries one`,
        });
        expect(tookMs).toBeGreaterThanOrEqual(maxExchangeMs - 20);
        expect(tookMs).toBeLessThan(maxExchangeMs + 1_500);
      } finally {
        short.close();
      }
    });

    it('cuts a busy tunnel then, and refuses a reader a second tunnel while the first is open (429)', async () => {
      const short = await shortProxy(busy);
      const client = '203.0.113.33';
      try {
        const first = tunnel(short.url, through({}, ENDPOINTS.eventsWebSocket), client);
        await expect.poll(() => short.proxy.open).toBe(1);
        const refused = await new Promise<{status: number; retryAfter: string | undefined; body: string}>((resolve) => {
          const ws = new WebSocket(`${short.url.replace('http', 'ws')}${through({}, ENDPOINTS.eventsWebSocket)}`, {
            headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client},
          });
          ws.on('error', () => undefined);
          ws.on('unexpected-response', (_req, res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (text: string) => (body += text));
            res.on('end', () => resolve({status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body}));
          });
        });
        expect(refused.status).toBe(429);
        expect(refused.retryAfter).toBe('5');
        expect(JSON.parse(refused.body)).toMatchObject({
          detail: 'The proxy carries at most 1 exchanges at once for one client; close one first',
        });
        const end = await first;
        // Events every 100 ms went through it until the proxy cut it, with no close frame.
        expect(end.messages).toBeGreaterThanOrEqual(2);
        expect(end.code).toBe(1006);
        expect(end.closedMs).toBeGreaterThanOrEqual(maxExchangeMs - 20);
        expect(end.closedMs).toBeLessThan(maxExchangeMs + 1_500);
        await expect.poll(() => short.proxy.open).toBe(0);
      } finally {
        short.close();
      }
    });
  });
});
