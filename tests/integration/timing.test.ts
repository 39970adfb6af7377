/**
 * `GET /http/timing`: the first byte held back `delay` ms, the body sent at `rate`, `Server-Timing` saying what the
 * server did (and which connection carried the request), `Timing-Allow-Origin` unless `tao=0`, `Connection: close`
 * on request; bounds and bad input. Raw TCP clients, so the times and bytes are those on the socket.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {TIMING_DEFAULTS, TIMING_METRICS} from '../../demo-server/src/contract/timing.ts';
import {TIMING_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {header, rawConnection, rawRequest, type RawResponse} from './support/rawHttp.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

function host(): string {
  return `Host: ${new URL(server!.url).host}`;
}

function get(query: string, fields: readonly string[] = []): Promise<RawResponse> {
  return rawRequest(server!.url, [`GET ${ENDPOINTS.timing}${query} HTTP/1.1`, host(), ...fields]);
}

/** The Server-Timing metrics of a response, by name: `dur` and `desc`. */
function serverTiming(response: RawResponse): Map<string, {dur?: number; desc?: string}> {
  const metrics = new Map<string, {dur?: number; desc?: string}>();
  for (const entry of (header(response, 'server-timing') ?? '').split(',')) {
    const [name = '', ...parameters] = entry.split(';').map((part) => part.trim());
    const metric: {dur?: number; desc?: string} = {};
    for (const parameter of parameters) {
      const [key, value = ''] = parameter.split('=');
      if (key === 'dur') metric.dur = Number(value);
      if (key === 'desc') metric.desc = value.replace(/^"|"$/g, '');
    }
    metrics.set(name, metric);
  }
  return metrics;
}

describe('GET /http/timing', () => {
  it('holds the first byte for delay and says so in Server-Timing; the body is size bytes', async () => {
    server = await startTestServer();
    const response = await get('?delay=400&size=1000', [`Origin: ${SITE_ORIGIN}`]);
    expect(response.status).toBe(200);
    expect(response.firstByteMs).toBeGreaterThanOrEqual(395);
    expect(response.body.length).toBe(1000);
    expect(Number(header(response, 'content-length'))).toBe(1000);
    const hold = serverTiming(response).get(TIMING_METRICS.hold);
    expect(hold?.dur).toBeGreaterThanOrEqual(399);
    expect(hold!.dur!).toBeLessThanOrEqual(response.firstByteMs + 1);
    expect(header(response, 'timing-allow-origin')).toBe(SITE_ORIGIN);
  });

  it('sends the body at rate: 64 KiB at 32 KiB/s takes about two seconds after the first byte', async () => {
    server = await startTestServer();
    const size = 64 * 1024;
    const response = await get(`?size=${size}&rate=${32 * 1024}`);
    expect(response.body.length).toBe(size);
    const downloadMs = response.lastByteMs - response.firstByteMs;
    // The first chunk goes at once, the rest at the rate: (size - chunk) / rate. The client's clock starts when it
    // reads the first chunk, which a loaded machine may do late (by 36 ms in one CI run): one chunk's time of slack.
    const expected = ((size - TIMING_LIMITS.chunkBytes) / (32 * 1024)) * 1000;
    const chunkMs = (TIMING_LIMITS.chunkBytes / (32 * 1024)) * 1000;
    expect(downloadMs).toBeGreaterThanOrEqual(expected - chunkMs);
    expect(downloadMs).toBeLessThan(expected + 1000);
    expect(serverTiming(response).get(TIMING_METRICS.send)?.dur).toBe(2000);
  });

  it('sends the default body unthrottled, with Timing-Allow-Origin unless tao=0', async () => {
    server = await startTestServer();
    const withTao = await get('', [`Origin: ${SITE_ORIGIN}`]);
    expect(withTao.body.length).toBe(TIMING_DEFAULTS.size);
    expect(header(withTao, 'timing-allow-origin')).toBe(SITE_ORIGIN);
    const withoutTao = await get('?tao=0&size=10', [`Origin: ${SITE_ORIGIN}`]);
    expect(header(withoutTao, 'timing-allow-origin')).toBeUndefined();
    expect(header(withoutTao, 'server-timing')).toContain(TIMING_METRICS.hold);
  });

  it('names the connection in Server-Timing: the same one reused, a new one after Connection: close', async () => {
    server = await startTestServer();
    const first = await rawConnection(server.url);
    const line = (query: string) => [`GET ${ENDPOINTS.timing}${query} HTTP/1.1`, host()];
    const a = await first.request(line('?size=10'));
    const b = await first.request(line('?size=10&close=1'));
    expect(header(b, 'connection')).toBe('close');
    await first.ended;
    const second = await rawConnection(server.url);
    const c = await second.request(line('?size=10'));
    second.close();
    const of = (response: RawResponse) => [
      serverTiming(response).get(TIMING_METRICS.connection)?.desc,
      serverTiming(response).get(TIMING_METRICS.request)?.desc,
    ];
    const [connectionA] = of(a);
    expect(of(a)[1]).toBe('1');
    expect(of(b)).toEqual([connectionA, '2']);
    expect(of(c)).toEqual([String(Number(connectionA) + 1), '1']);
  });

  it.each([
    '?delay=3001',
    '?delay=-1',
    '?delay=1.5',
    `?size=${TIMING_LIMITS.maxSizeBytes + 1}`,
    '?rate=100',
    `?size=${TIMING_LIMITS.maxSizeBytes}&rate=${TIMING_LIMITS.minBytesPerSecond}`,
    '?tao=2',
    '?close=yes',
    `?rate=${'9'.repeat(20)}`,
  ])('refuses %s with 400 problem details', async (query) => {
    server ??= await startTestServer();
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(header(response, 'content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it('answers at most its bound at once per client (429 with Retry-After), and cuts them off at shutdown', async () => {
    server = await startTestServer();
    const held = await Promise.all(
      Array.from({length: TIMING_LIMITS.maxOpenPerClient}, () => rawConnection(server!.url)),
    );
    const pending = held.map((connection) =>
      connection.request([`GET ${ENDPOINTS.timing}?delay=3000 HTTP/1.1`, host()]).catch(() => null),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await get('?size=1');
    expect(refused.status).toBe(429);
    expect(header(refused, 'retry-after')).toBeDefined();
    const started = performance.now();
    await server.shutdown();
    server = undefined;
    const answers = await Promise.all(pending);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(answers.map((answer) => answer?.status)).toEqual(Array(TIMING_LIMITS.maxOpenPerClient).fill(503));
  });
});
