/**
 * `/http/stream`: the streamed response, read with a raw TCP client so that the
 * chunks of the chunked body (RFC 9112 §7.1), which are the server's writes,
 * can be checked to the byte against the plan, and a reader can leave mid-stream.
 */
import {connect, type Socket} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {check} from '../../demo-server/src/contract/schema.ts';
import {StreamDone, StreamToken} from '../../demo-server/src/contract/streamedResponse.ts';
import {STREAM_LIMITS} from '../../demo-server/src/limits.ts';
import {planStream, tokensOf, passageFor} from '../../demo-server/src/routes/streamedResponse.ts';
import {viaProxyPath} from '../../demo-server/src/contract/proxy.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {createEventStreamParser} from '../../src/lib/eventStream.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

const PATH = ENDPOINTS.streamedResponse;

interface RawExchange {
  socket: Socket;
  /** Everything read so far. */
  received(): Buffer;
  /** Resolves once the bytes read satisfy `done`. */
  until(done: (bytes: Buffer) => boolean): Promise<Buffer>;
}

/** Opens a TCP connection, writes `request` as it is, and collects what comes back. */
function exchange(request: string | Buffer): Promise<RawExchange> {
  const {port} = new URL(server!.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(request);
      const chunks: Buffer[] = [];
      const waiters = new Set<() => void>();
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        for (const waiter of [...waiters]) waiter();
      });
      socket.on('close', () => {
        for (const waiter of [...waiters]) waiter();
      });
      const received = () => Buffer.concat(chunks);
      resolve({
        socket,
        received,
        until: (done) =>
          new Promise((ok, fail) => {
            const check = () => {
              if (done(received())) {
                waiters.delete(check);
                ok(received());
              } else if (socket.destroyed) {
                waiters.delete(check);
                fail(new Error(`Closed first; read ${received().toString('latin1')}`));
              }
            };
            waiters.add(check);
            check();
          }),
      });
    });
    socket.once('error', reject);
  });
}

const post = (body: string, {type = 'application/json', query = ''} = {}) =>
  Buffer.concat([
    Buffer.from(
      `POST ${PATH}${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${SITE_ORIGIN}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
      'latin1',
    ),
    Buffer.from(body),
  ]);

const get = (query: string, headers = '') =>
  `GET ${PATH}?${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n${headers}Connection: close\r\n\r\n`;

/** The head and the chunks of a chunked response, as they came; `ended` when the last chunk (size 0) came too. */
function chunked(bytes: Buffer): {head: string; chunks: Buffer[]; ended: boolean} {
  const split = bytes.indexOf('\r\n\r\n');
  if (split < 0) return {head: '', chunks: [], ended: false};
  const head = bytes.subarray(0, split).toString('latin1');
  const chunks: Buffer[] = [];
  let at = split + 4;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return {head, chunks, ended: false};
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return {head, chunks, ended: bytes.length >= lineEnd + 4};
    if (bytes.length < lineEnd + 2 + size + 2) return {head, chunks, ended: false};
    chunks.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

const bodyOf = (bytes: Buffer) => {
  const split = bytes.indexOf('\r\n\r\n');
  return {head: bytes.subarray(0, split).toString('latin1'), body: bytes.subarray(split + 4).toString('utf8')};
};

const attemptId = () => `stream${Math.random().toString(36).slice(2, 12)}`;

async function takeAttempt(id: string): Promise<AttemptRecord> {
  const response = await fetch(`${server!.url}${ENDPOINTS.attempts}/${id}`);
  expect(response.status).toBe(200);
  const checked = check(AttemptRecord, await response.json());
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

describe('POST /http/stream', () => {
  it('writes the planned chunks, byte for byte, cut where events are not', async () => {
    server = await startTestServer();
    const prompt = 'Why does the reply arrive word by word?';
    const plan = planStream(prompt, 40);
    const client = await exchange(post(JSON.stringify({prompt, maxTokens: 40})));
    const {head, chunks} = chunked(await client.until((bytes) => chunked(bytes).ended));
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toContain('\r\nContent-Type: text/event-stream; charset=utf-8\r\n');
    expect(head).toContain('\r\nTransfer-Encoding: chunked');
    expect(head).toContain('\r\nX-Accel-Buffering: no\r\n');
    expect(chunks).toEqual(plan.writes);

    const ends = chunks.map((chunk) => chunk.toString('latin1'));
    // Several events end in one chunk; a chunk ends mid-line; one ends between an event's last LF and its blank line.
    expect(ends.some((text) => text.split('\n\n').length > 2)).toBe(true);
    expect(ends.some((text) => !text.endsWith('\n'))).toBe(true);
    expect(ends.some((text) => text.endsWith('}\n'))).toBe(true);
    // A chunk ends after the lead byte of a character UTF-8 writes in several bytes.
    expect(chunks.some((chunk) => (chunk.at(-1) ?? 0) >= 0xc0)).toBe(true);

    // The chunks, parsed as the page parses them, give the passage's first 40 tokens and a done event.
    const parser = createEventStreamParser();
    const events = chunks.flatMap((chunk) => parser.push(chunk));
    const tokens = events.filter((event) => event.type === 'message');
    expect(tokens.map((event) => event.lastEventId)).toEqual(Array.from({length: 40}, (_, i) => String(i + 1)));
    const text = tokens.map((event) => {
      const checked = check(StreamToken, JSON.parse(event.data));
      if (!checked.ok) throw new Error(checked.problems.join('; '));
      return checked.value.token;
    });
    expect(text).toEqual(tokensOf(passageFor(prompt)).slice(0, 40));
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    const bodyBytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    expect(check(StreamDone, JSON.parse(done?.data ?? '')).ok).toBe(true);
    expect(JSON.parse(done?.data ?? '')).toEqual({
      tokens: 40,
      bodyBytes: bodyBytes - Buffer.byteLength(`event: done\ndata: ${done?.data}\n\n`),
      reason: 'max-tokens',
    });
  });

  it('spaces its writes at the stream’s rate', async () => {
    server = await startTestServer();
    const client = await exchange(post(JSON.stringify({prompt: 'rate', maxTokens: 12})));
    const arrivals: number[] = [];
    const started = Date.now();
    let seen = 0;
    await client.until((bytes) => {
      const {chunks, ended} = chunked(bytes);
      for (; seen < chunks.length; seen += 1) arrivals.push(Date.now() - started);
      return ended;
    });
    const plan = planStream('rate', 12);
    expect(arrivals).toHaveLength(plan.writes.length);
    // n writes take at least n - 1 intervals after the first.
    const last = arrivals.at(-1) ?? 0;
    expect(last - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(
      (plan.writes.length - 1) * STREAM_LIMITS.writeIntervalMs - 5,
    );
  });

  it('notes on the attempt when the reader leaves mid-stream, and writes no more', async () => {
    server = await startTestServer();
    const id = attemptId();
    const plan = planStream('leave early', STREAM_LIMITS.maxTokens);
    const client = await exchange(
      post(JSON.stringify({prompt: 'leave early', maxTokens: STREAM_LIMITS.maxTokens}), {query: `?attempt=${id}`}),
    );
    const read = await client.until((bytes) => chunked(bytes).chunks.length >= 3);
    client.socket.destroy();
    const receivedBody = chunked(read).chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 4 * STREAM_LIMITS.writeIntervalMs));
    const record = await takeAttempt(id);
    const [seen] = record.exchanges;
    expect(seen?.request).toMatch(new RegExp(`^POST ${PATH}\\?attempt=${id} HTTP/1\\.1\r\n`));
    expect(seen?.endedAt).not.toBeNull();
    const closed = record.notes.map((note) => note.text).find((text) => text.startsWith('POST: the reader closed'));
    const figures = /: (\d+) of (\d+) writes made, (\d+) of (\d+) body bytes, (\d+) bytes on the socket/.exec(
      closed ?? '',
    );
    expect(figures, closed).not.toBeNull();
    const [writes, ofWrites, bytes, ofBytes] = (figures ?? []).slice(1, 5).map(Number);
    expect(ofWrites).toBe(plan.writes.length);
    expect(ofBytes).toBe(plan.bodyBytes);
    // The server wrote at least what the client read, and stopped well before the end.
    expect(writes).toBeGreaterThanOrEqual(3);
    expect(writes).toBeLessThan(plan.writes.length);
    expect(bytes).toBeGreaterThanOrEqual(receivedBody);
    expect(bytes).toBe(plan.writes.slice(0, writes).reduce((sum, chunk) => sum + chunk.length, 0));
    // What the server kept of the body is its start, as written.
    expect(seen?.body).toBe(Buffer.concat(plan.writes.slice(0, writes)).toString('utf8').slice(0, seen?.body.length));
  });

  it('notes a complete stream with its bytes on the socket', async () => {
    server = await startTestServer();
    const id = attemptId();
    const client = await exchange(post(JSON.stringify({prompt: 'whole', maxTokens: 6}), {query: `?attempt=${id}`}));
    const all = await client.until((bytes) => chunked(bytes).ended);
    await new Promise((resolve) => client.socket.once('close', resolve));
    const record = await takeAttempt(id);
    const wrote = record.notes.map((note) => note.text).find((text) => text.startsWith('POST: wrote 6 tokens'));
    const onSocket = /, (\d+) bytes on the socket/.exec(wrote ?? '');
    expect(Number(onSocket?.[1])).toBe(all.length);
  });

  it('refuses bad input with problem details', async () => {
    server = await startTestServer();
    const cases: [Buffer, number, RegExp][] = [
      [post('{"prompt":"x"}', {type: 'text/plain'}), 415, /application\/json/],
      [post('{"prompt":'), 400, /must be JSON/],
      [post('{"prompt":"","maxTokens":0,"extra":1}'), 422, /"prompt" must be a non-empty string/],
      [post(JSON.stringify({prompt: 'x'.repeat(STREAM_LIMITS.maxPromptChars + 1)})), 422, /"prompt"/],
      [post(JSON.stringify({prompt: 'x', pad: 'y'.repeat(STREAM_LIMITS.maxBodyBytes)})), 413, /larger than/],
      [
        post(
          '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
        ),
        422,
        /nests/,
      ],
      [Buffer.from(get('maxTokens=3')), 400, /"prompt" must be 1 to/],
      [Buffer.from(get(`prompt=x&maxTokens=${STREAM_LIMITS.maxTokens + 1}`)), 400, /"maxTokens"/],
      [Buffer.from(get('prompt=x', 'Last-Event-ID: seven\r\n')), 400, /Last-Event-ID/],
    ];
    for (const [request, status, detail] of cases) {
      const client = await exchange(request);
      const {head, body} = bodyOf(await client.until((bytes) => bytes.includes('}')));
      client.socket.destroy();
      expect(head, request.toString('latin1').slice(0, 80)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(head).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(body.slice(0, body.lastIndexOf('}') + 1))).toMatchObject({
        status,
        detail: expect.stringMatching(detail),
      });
    }
  });

  it(`holds at most ${STREAM_LIMITS.maxStreamsPerClient} streams open per client: the next is 429`, async () => {
    server = await startTestServer();
    const body = JSON.stringify({prompt: 'many', maxTokens: STREAM_LIMITS.maxTokens});
    const open = await Promise.all(
      Array.from({length: STREAM_LIMITS.maxStreamsPerClient}, async () => {
        const client = await exchange(post(body));
        await client.until((bytes) => bytes.includes('\r\n\r\n'));
        return client;
      }),
    );
    const refused = await exchange(post(body));
    const {head} = bodyOf(await refused.until((bytes) => bytes.includes('}')));
    expect(head).toMatch(/^HTTP\/1\.1 429 /);
    expect(head).toContain('Retry-After: 5');
    for (const client of [...open, refused]) client.socket.destroy();
  });
});

describe('/http/stream at shutdown', () => {
  it('ends an open stream cleanly, with the last chunk', async () => {
    server = await startTestServer();
    const client = await exchange(post(JSON.stringify({prompt: 'shutdown', maxTokens: STREAM_LIMITS.maxTokens})));
    await client.until((bytes) => chunked(bytes).chunks.length >= 2);
    const stopping = server.shutdown();
    const {chunks, ended} = chunked(await client.until((bytes) => chunked(bytes).ended));
    expect(ended).toBe(true);
    // Ended before its done event: the page's parser drops the unfinished event, and the text stops there.
    expect(Buffer.concat(chunks).toString('utf8')).not.toContain('event: done');
    expect(chunks.length).toBeLessThan(planStream('shutdown', STREAM_LIMITS.maxTokens).writes.length);
    await stopping;
    server = undefined;
  });
});

describe('GET /http/stream (for EventSource)', () => {
  it('sends retry first, and resumes after Last-Event-ID at the next token', async () => {
    server = await startTestServer();
    const client = await exchange(get('prompt=resume&maxTokens=10', 'Last-Event-ID: 7\r\n'));
    const {chunks} = chunked(await client.until((bytes) => chunked(bytes).ended));
    expect(chunks).toEqual(planStream('resume', 10, {after: 7, retry: true}).writes);
    const parser = createEventStreamParser();
    const events = chunks.flatMap((chunk) => parser.push(chunk));
    expect(parser.reconnectionTime).toBe(STREAM_LIMITS.retryMs);
    expect(events.map((event) => `${event.type} ${event.lastEventId}`)).toEqual([
      'message 8',
      'message 9',
      'message 10',
      'done 10',
    ]);
  });

  it('answers 204 to a Last-Event-ID at the last token, so that EventSource stops', async () => {
    server = await startTestServer();
    const client = await exchange(get('prompt=resume&maxTokens=10&lastEventId=10'));
    const answer = await client.until((bytes) => bytes.includes('\r\n\r\n'));
    expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
  });
});

describe('POST /http/stream through the proxy in the path', () => {
  const through = (settings: Parameters<typeof viaProxyPath>[0], body: string) =>
    Buffer.concat([
      Buffer.from(
        `POST ${viaProxyPath(settings, ENDPOINTS.streamedResponse)} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${SITE_ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
        'latin1',
      ),
      Buffer.from(body),
    ]);

  /** When each chunk's payload arrived, from the request, and the payloads. */
  async function timed(request: Buffer) {
    const started = Date.now();
    const client = await exchange(request);
    const arrivals: number[] = [];
    let seen = 0;
    const all = await client.until((bytes) => {
      const {chunks, ended} = chunked(bytes);
      for (; seen < chunks.length; seen += 1) arrivals.push(Date.now() - started);
      return ended;
    });
    return {arrivals, ...chunked(all)};
  }

  it('a plain proxy passes each write on as it comes; a buffering one holds the whole answer', async () => {
    server = await startTestServer();
    const body = JSON.stringify({prompt: 'proxy', maxTokens: 30});
    const plan = planStream('proxy', 30);
    const spread = (plan.writes.length - 1) * STREAM_LIMITS.writeIntervalMs;

    const plain = await timed(through({}, body));
    expect(plain.head).toContain('\r\nVia: 1.1 otw-proxy');
    expect(Buffer.concat(plain.chunks)).toEqual(Buffer.concat(plan.writes));
    expect(plain.chunks.length).toBeGreaterThan(plan.writes.length / 2);
    expect((plain.arrivals.at(-1) ?? 0) - (plain.arrivals[0] ?? 0)).toBeGreaterThanOrEqual(spread / 2);

    // 30 tokens are under 2 KiB: a 4 KiB buffer holds them all until the origin ends the answer.
    const buffered = await timed(through({buffer: 4096, flushMs: 10_000}, body));
    expect(Buffer.concat(buffered.chunks)).toEqual(Buffer.concat(plan.writes));
    expect(buffered.chunks.length).toBeLessThanOrEqual(2);
    expect(buffered.arrivals[0]).toBeGreaterThanOrEqual(spread - 5);
  });

  it('answers the preflight of the POST, and refuses a body past the bound', async () => {
    server = await startTestServer();
    const preflight = await fetch(`${server.url}${viaProxyPath({}, ENDPOINTS.streamedResponse)}`, {
      method: 'OPTIONS',
      headers: {
        Origin: SITE_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const client = await exchange(through({}, JSON.stringify({prompt: 'x'.repeat(STREAM_LIMITS.maxBodyBytes)})));
    const {head} = bodyOf(await client.until((bytes) => bytes.includes('}')));
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
  });
});
