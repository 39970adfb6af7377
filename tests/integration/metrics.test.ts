/**
 * `GET /metrics` and `GET /ready` on the operators' listener, against real
 * traffic: WebSockets, an event stream, a parked long-poll, a held request,
 * and refusals of each kind, with the numbers read back from a scrape.
 */
import {once} from 'node:events';
import {get} from 'node:http';
import {connect} from 'node:net';
import {networkInterfaces} from 'node:os';
import {afterEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {EVENT_FAULT_CASES} from '../../demo-server/src/contract/eventFaults.ts';
import {viaProxyPath} from '../../demo-server/src/contract/proxy.ts';
import {loadConfig} from '../../demo-server/src/config.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {DEFAULT_LIMITS, STREAM_LIMITS, TIMING_LIMITS, type Limits} from '../../demo-server/src/limits.ts';
import {startServer, type DemoServer} from '../../demo-server/src/server.ts';
import {parseExposition, sampleValue, type Exposition} from './support/exposition.ts';
import {newKey, rawHandshake, standardHeaders} from './support/rfc6455Client.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

function metricsUrl(running: DemoServer): string {
  if (running.metricsUrl === null) throw new Error('the metrics listener is off');
  return running.metricsUrl;
}

async function scrape(running: DemoServer): Promise<Exposition> {
  const response = await fetch(`${metricsUrl(running)}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const parsed = parseExposition(await response.text());
  expect(parsed.problems).toEqual([]);
  return parsed;
}

function openWebSocket(url: string, origin = SITE_ORIGIN): Promise<WebSocket> {
  const socket = new WebSocket(url, {origin});
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A handshake the server refuses: resolves with the status it answered. */
function refusedHandshake(url: string, origin: string): Promise<number> {
  const socket = new WebSocket(url, {origin});
  socket.on('error', () => undefined);
  return new Promise((resolve) =>
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    }),
  );
}

/**
 * A streaming GET left open: resolves once its head has arrived. The answer is kept until `close`: undici cancels
 * the body of a Response that is garbage-collected, and the server then counts one stream fewer.
 */
async function openRequest(url: string): Promise<{status: number; close: () => void}> {
  const controller = new AbortController();
  const response = await fetch(url, {signal: controller.signal, headers: {Origin: SITE_ORIGIN}});
  return {
    status: response.status,
    close: () => {
      controller.abort();
      void response.body?.cancel().catch(() => undefined);
    },
  };
}

/** A GET on a connection of its own, closed after the answer. */
function plainGet(url: string): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    get(url, {agent: false}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({status: res.statusCode ?? 0, body}));
    }).once('error', reject);
  });
}

/** A request whose answer is held: resolves once the server has parked it (the gauge says so). */
function heldRequest(url: string): {close: () => void; settled: Promise<number>} {
  const controller = new AbortController();
  const settled = fetch(url, {signal: controller.signal}).then(
    async (response) => {
      await response.body?.cancel();
      return response.status;
    },
    () => 0,
  );
  return {close: () => controller.abort(), settled};
}

describe('GET /metrics', () => {
  it('counts real traffic and refusals, by endpoint and by reason, in valid text format', async () => {
    const limits: Partial<Limits> = {eventIntervalMs: 60_000, maxParkedLongPolls: 1, maxStreamsPerClient: 2};
    server = await startTestServer(limits);
    const running = server;
    const wsUrl = running.url.replace('http', 'ws');
    const before = await scrape(running);
    for (const endpoint of [ENDPOINTS.echo, ENDPOINTS.eventsStream, ENDPOINTS.hold]) {
      expect(sampleValue(before, 'demo_server_open_connections', {endpoint})).toBe(0);
    }

    // Two echo connections, three messages echoed.
    const [first, second] = await Promise.all([openWebSocket(`${wsUrl}/ws/echo`), openWebSocket(`${wsUrl}/ws/echo`)]);
    for (const text of ['one', 'two', 'three']) {
      first.send(text);
      await once(first, 'message');
    }
    // One over /ws/echo's bound: closed 1009.
    const tooBig = once(second, 'close');
    second.send(Buffer.alloc(DEFAULT_LIMITS.echoMaxMessageBytes + 1), {binary: true});
    expect((await tooBig)[0]).toBe(1009);

    // A handshake refused for its Origin.
    expect(await refusedHandshake(`${wsUrl}/ws/echo`, 'https://evil.example')).toBe(403);
    // Plain requests: one from a foreign Origin, one that asks for a WebSocket path without upgrading.
    expect((await fetch(`${running.url}/health`, {headers: {Origin: 'https://evil.example'}})).status).toBe(403);
    expect((await fetch(`${running.url}/ws/echo`)).status).toBe(426);

    // Held open: two streams (the third is past the per-client bound), a parked long-poll (the second is past the
    // server-wide bound), a held request.
    const streams = [
      await openRequest(`${running.url}/events/stream`),
      await openRequest(`${running.url}/events/stream`),
    ];
    expect(streams.map(({status}) => status)).toEqual([200, 200]);
    const thirdStream = await openRequest(`${running.url}/events/stream`);
    expect(thirdStream.status).toBe(429);
    const longPoll = heldRequest(`${running.url}/events/long-poll`);
    const hold = heldRequest(`${running.url}/hold?ms=5000`);
    await expect
      .poll(async () => {
        const now = await scrape(running);
        return [ENDPOINTS.eventsLongPoll, ENDPOINTS.hold].map((endpoint) =>
          sampleValue(now, 'demo_server_open_connections', {endpoint}),
        );
      })
      .toEqual([1, 1]);
    const refusedPoll = await fetch(`${running.url}/events/long-poll`);
    expect(refusedPoll.status).toBe(503);
    await refusedPoll.body?.cancel();

    const during = await scrape(running);
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(during, name, labels);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      value(name, labels) - sampleValue(before, name, labels);

    expect(value('demo_server_open_connections', {endpoint: ENDPOINTS.echo})).toBe(1);
    expect(value('demo_server_open_connections', {endpoint: ENDPOINTS.eventsStream})).toBe(2);
    expect(delta('demo_server_websocket_handshakes_total', {endpoint: ENDPOINTS.echo})).toBe(2);
    expect(delta('demo_server_websocket_messages_received_total', {endpoint: ENDPOINTS.echo})).toBe(3);
    expect(delta('demo_server_websocket_messages_sent_total', {endpoint: ENDPOINTS.echo})).toBe(3);
    // ws closed that one itself, by the code it sent; the close event on the server would say 1006.
    expect(delta('demo_server_websocket_server_closes_total', {endpoint: ENDPOINTS.echo, reason: 'too_big'})).toBe(1);
    // On the wire: the oversized message alone was larger than the bound; two 101 heads and three echoes went out.
    expect(delta('demo_server_websocket_received_bytes_total')).toBeGreaterThan(DEFAULT_LIMITS.echoMaxMessageBytes);
    expect(delta('demo_server_websocket_sent_bytes_total')).toBeGreaterThan(2 * 100 + 3 * 5);
    expect(delta('demo_server_refusals_total', {transport: 'websocket', reason: 'origin'})).toBe(1);
    expect(delta('demo_server_refusals_total', {transport: 'http', reason: 'origin'})).toBe(1);
    expect(delta('demo_server_refusals_total', {transport: 'http', reason: 'upgrade_required'})).toBe(1);
    expect(delta('demo_server_refusals_total', {transport: 'http', reason: 'per_client'})).toBe(1);
    expect(delta('demo_server_refusals_total', {transport: 'http', reason: 'full'})).toBe(1);
    expect(delta('demo_server_refusals_total', {transport: 'http', reason: 'draining'})).toBe(0);
    // 101 ×2; the 403 handshake, 403, 426, 429, 503 and the scrapes' own are not on this port.
    expect(delta('demo_server_http_responses_total', {status_class: '1xx'})).toBe(2);
    expect(delta('demo_server_http_responses_total', {status_class: '4xx'})).toBe(4);
    expect(delta('demo_server_http_responses_total', {status_class: '5xx'})).toBe(1);
    // Every family is there, and no label value came from a client: the series are the same before and after.
    expect([...during.families.keys()]).toEqual([...before.families.keys()]);
    for (const [name, family] of during.families) {
      expect(family.samples.length, name).toBe(before.families.get(name)?.samples.length);
    }
    expect(value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(value('nodejs_heap_size_total_bytes')).toBeGreaterThanOrEqual(value('nodejs_heap_size_used_bytes'));

    // Closing everything brings the gauges back to zero; the client's close is counted by the code echoed to it.
    first.close(1000);
    await once(first, 'close');
    thirdStream.close();
    for (const open of streams) open.close();
    longPoll.close();
    hold.close();
    await Promise.all([longPoll.settled, hold.settled]);
    await expect
      .poll(async () => {
        const after = await scrape(running);
        return [ENDPOINTS.echo, ENDPOINTS.eventsStream, ENDPOINTS.eventsLongPoll, ENDPOINTS.hold].map((endpoint) =>
          sampleValue(after, 'demo_server_open_connections', {endpoint}),
        );
      })
      .toEqual([0, 0, 0, 0]);
    expect(
      sampleValue(await scrape(running), 'demo_server_websocket_server_closes_total', {
        endpoint: ENDPOINTS.echo,
        reason: 'normal',
      }),
    ).toBe(1);
  });
});

describe('the held answers of the HTTP section', () => {
  it('counts an answer under way on /http/timing and a streamed response on /http/stream, with their pools', async () => {
    server = await startTestServer();
    const running = server;
    const open = (now: Exposition) =>
      [ENDPOINTS.timing, ENDPOINTS.streamedResponse].map((endpoint) =>
        sampleValue(now, 'demo_server_open_connections', {endpoint}),
      );
    const before = await scrape(running);
    expect(open(before)).toEqual([0, 0]);
    expect(sampleValue(before, 'demo_server_connection_limit', {pool: ENDPOINTS.timing})).toBe(TIMING_LIMITS.maxOpen);
    expect(sampleValue(before, 'demo_server_connection_limit', {pool: ENDPOINTS.streamedResponse})).toBe(
      STREAM_LIMITS.maxStreams,
    );
    // An answer held back 3 s before its first byte, and a stream of the most tokens, read no further than its head.
    const held = heldRequest(`${running.url}${ENDPOINTS.timing}?delay=${TIMING_LIMITS.maxDelayMs}`);
    const stream = await openRequest(
      `${running.url}${ENDPOINTS.streamedResponse}?prompt=metrics&maxTokens=${STREAM_LIMITS.maxTokens}`,
    );
    expect(stream.status).toBe(200);
    await expect.poll(async () => open(await scrape(running))).toEqual([1, 1]);
    held.close();
    stream.close();
    await held.settled;
    await expect.poll(async () => open(await scrape(running))).toEqual([0, 0]);
  });
});

describe('the faults of “When it breaks”', () => {
  it('counts fault streams by case and by how they end, proxied exchanges by path and outcome, /ws/faults too', async () => {
    server = await startTestServer({eventIntervalMs: 60_000});
    const running = server;
    const wsUrl = running.url.replace('http', 'ws');
    const before = await scrape(running);
    const open = (now: Exposition) =>
      [ENDPOINTS.eventsFaults, ENDPOINTS.viaProxy, ENDPOINTS.faults].map((endpoint) =>
        sampleValue(now, 'demo_server_open_connections', {endpoint}),
      );
    expect(open(before)).toEqual([0, 0, 0]);

    // Fault streams: an answer with no stream, a stream that ends by its case, a silent one kept open.
    expect((await plainGet(`${running.url}${ENDPOINTS.eventsFaults}?case=no-content`)).status).toBe(204);
    expect((await plainGet(`${running.url}${ENDPOINTS.eventsFaults}?case=end`)).status).toBe(200);
    const silent = await openRequest(`${running.url}${ENDPOINTS.eventsFaults}?case=silent`);
    expect(silent.status).toBe(200);
    // Through the proxy: a poll answered, a long poll timed out by the proxy (504), a stream kept open.
    expect((await plainGet(`${running.url}${viaProxyPath({}, ENDPOINTS.eventsPoll)}?since=0`)).status).toBe(200);
    expect((await plainGet(`${running.url}${viaProxyPath({idleMs: 300}, ENDPOINTS.eventsLongPoll)}`)).status).toBe(504);
    const proxiedStream = await openRequest(`${running.url}${viaProxyPath({}, ENDPOINTS.eventsStream)}`);
    expect(proxiedStream.status).toBe(200);
    // A handshake the proxy refuses for its settings, and one past the reader's bound, are refusals like the others.
    expect(
      await refusedHandshake(`${wsUrl}${ENDPOINTS.viaProxy}/speed=9${ENDPOINTS.eventsWebSocket}`, SITE_ORIGIN),
    ).toBe(400);
    // And a connection to /ws/faults, which is one of the WebSocket endpoints like any other.
    const faults = await openWebSocket(`${wsUrl}${ENDPOINTS.faults}`);

    await expect.poll(async () => open(await scrape(running))).toEqual([1, 1, 1]);
    const during = await scrape(running);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sampleValue(during, name, labels) - sampleValue(before, name, labels);
    expect(sampleValue(during, 'demo_server_connection_limit', {pool: ENDPOINTS.eventsFaults})).toBe(
      DEFAULT_LIMITS.maxStreams,
    );
    expect(sampleValue(during, 'demo_server_connection_limit', {pool: ENDPOINTS.viaProxy})).toBe(
      DEFAULT_LIMITS.maxProxiedExchanges,
    );
    for (const faultCase of EVENT_FAULT_CASES) {
      const expected = ['no-content', 'end', 'silent'].includes(faultCase) ? 1 : 0;
      expect(delta('demo_server_event_fault_answers_total', {case: faultCase}), faultCase).toBe(expected);
    }
    expect(delta('demo_server_event_fault_stream_ends_total', {outcome: 'ended'})).toBe(1);
    expect(delta('demo_server_proxied_exchanges_total', {path: ENDPOINTS.eventsPoll, outcome: 'completed'})).toBe(1);
    expect(
      delta('demo_server_proxied_exchanges_total', {path: ENDPOINTS.eventsLongPoll, outcome: 'gateway_timeout'}),
    ).toBe(1);
    expect(delta('demo_server_websocket_handshakes_total', {endpoint: ENDPOINTS.faults})).toBe(1);
    expect(delta('demo_server_refusals_total', {transport: 'websocket', reason: 'malformed'})).toBe(1);
    // No label value came from a request: the same series before and after.
    for (const [name, family] of during.families) {
      expect(family.samples.length, name).toBe(before.families.get(name)?.samples.length);
    }

    silent.close();
    proxiedStream.close();
    faults.close(1000);
    await expect.poll(async () => open(await scrape(running))).toEqual([0, 0, 0]);
    const after = await scrape(running);
    const since = (name: string, labels: Record<string, string>) =>
      sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(since('demo_server_event_fault_stream_ends_total', {outcome: 'client_closed'})).toBe(1);
    expect(since('demo_server_event_fault_stream_ends_total', {outcome: 'capped'})).toBe(0);
    expect(since('demo_server_proxied_exchanges_total', {path: ENDPOINTS.eventsStream, outcome: 'client_closed'})).toBe(
      1,
    );
    expect(since('demo_server_websocket_server_closes_total', {endpoint: ENDPOINTS.faults, reason: 'normal'})).toBe(1);
  });
});

describe('the operators’ listener', () => {
  it('answers GET and HEAD on /metrics and /ready only: 404 elsewhere, 405 for other methods', async () => {
    server = await startTestServer();
    const base = metricsUrl(server);
    for (const path of ['/', '/health', '/metricsx', '/ws/echo', '/openapi.json']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await response.body?.cancel();
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const response = await fetch(`${base}/metrics`, {method});
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      await response.body?.cancel();
    }
    const head = await fetch(`${base}/metrics`, {method: 'HEAD'});
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    const ready = await fetch(`${base}/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, {status: 'ready'}]);
    // The main port does not serve /metrics.
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('cuts off a client slower than the main listener’s header timeout', async () => {
    server = await startTestServer({headersTimeoutMs: 300, connectionsCheckingIntervalMs: 50});
    const {port} = new URL(metricsUrl(server));
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const startedAt = Date.now();
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('listens on 127.0.0.1 by default, even when the main port listens on every interface', async () => {
    const config = loadConfig({PORT: '0', HOST: '0.0.0.0', ALLOWED_ORIGINS: SITE_ORIGIN});
    expect(config.metrics?.host).toBe('127.0.0.1');
    server = await startServer(config, {logger: silentLogger});
    expect(new URL(metricsUrl(server)).hostname).toBe('127.0.0.1');
    const metricsPort = Number(new URL(metricsUrl(server)).port);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
    if (external === undefined) return; // A machine with loopback only: nothing else to try.
    const reach = (port: number) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, external);
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    expect(await reach(server.port)).toBe('connected');
    expect(await reach(metricsPort)).toBe('ECONNREFUSED');
  });

  it('is not started with METRICS_PORT=off', async () => {
    server = await startServer(
      loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: SITE_ORIGIN, METRICS_PORT: 'off'}),
      {logger: silentLogger},
    );
    expect(server.metricsUrl).toBeNull();
  });
});

describe('GET /ready', () => {
  it('turns 503 on both ports as shutdown begins, while an open WebSocket is still closing', async () => {
    const graceMs = 1_500;
    server = await startTestServer({shutdownGraceMs: graceMs});
    const running = server;
    // Each on a new connection, as a load balancer's check may be: shutdown closes idle kept-alive ones.
    const ready = (base: string) =>
      plainGet(`${base}/ready`).then(({status, body}): [number, unknown] => [status, JSON.parse(body)]);
    expect(await ready(running.url)).toEqual([200, {status: 'ready'}]);
    expect(await ready(metricsUrl(running))).toEqual([200, {status: 'ready'}]);

    // A client that never answers the close frame keeps the drain going until the grace period ends.
    const {response, connection} = await rawHandshake(running.port, {
      path: ENDPOINTS.echo,
      headers: standardHeaders(running.port, newKey()),
    });
    expect(response.status).toBe(101);

    const startedAt = Date.now();
    const stopped = running.shutdown();
    try {
      expect(await ready(running.url)).toEqual([503, {status: 'draining'}]);
      expect(await ready(metricsUrl(running))).toEqual([503, {status: 'draining'}]);
      // Still alive, though: /health is liveness.
      expect((await plainGet(`${running.url}/health`)).status).toBe(200);
      // Nothing long-lived is taken on while draining.
      expect(await refusedHandshake(`${running.url.replace('http', 'ws')}/ws/echo`, SITE_ORIGIN)).toBe(503);
      expect((await plainGet(`${running.url}/events/stream`)).status).toBe(503);
      const scraped = parseExposition((await plainGet(`${metricsUrl(running)}/metrics`)).body);
      expect(scraped.problems).toEqual([]);
      expect(sampleValue(scraped, 'demo_server_ready')).toBe(0);
      expect(sampleValue(scraped, 'demo_server_open_connections', {endpoint: ENDPOINTS.echo})).toBe(1);
      expect(sampleValue(scraped, 'demo_server_refusals_total', {transport: 'websocket', reason: 'draining'})).toBe(1);
      expect(sampleValue(scraped, 'demo_server_refusals_total', {transport: 'http', reason: 'draining'})).toBe(1);
      // The WebSocket is still there: the server sent its close frame and waits for the answer.
      expect((await connection!.nextDataFrame())?.opcode).toBe(0x8);
      expect(Date.now() - startedAt).toBeLessThan(graceMs);
    } finally {
      await stopped;
      connection?.destroy();
      server = undefined;
    }
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(graceMs - 50);
    // Both listeners are closed once shutdown has finished.
    await expect(fetch(`${running.url}/ready`)).rejects.toThrow();
    await expect(fetch(`${metricsUrl(running)}/ready`)).rejects.toThrow();
  });
});
