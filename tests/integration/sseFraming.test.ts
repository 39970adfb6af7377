/**
 * The bytes of an event stream on the wire. The stream route writes each event to every stream as one HTTP/1.1
 * chunk framed once (routes/sse.ts, `directSocketOf`), past `ServerResponse`; these tests read the raw socket
 * to show that the framing is exact (RFC 9112 §7.1), that the response is still Node's to end and the connection
 * still usable after it, and that the streams Node does not chunk, or has not yet given their socket, get the
 * same events the ordinary way.
 */
import {once} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import type {PollResponse} from '../../demo-server/src/contract/events.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {CountingSocket} from './support/countingSocket.ts';
import {parseExposition, sampleValue} from './support/exposition.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
let client: CountingSocket | undefined;
afterEach(async () => {
  client?.socket.destroy();
  client = undefined;
  await server?.shutdown();
  server = undefined;
});

/** Opens the raw connection a test reads the stream's bytes off (closed after the test). */
async function open(running: DemoServer): Promise<CountingSocket> {
  client = await CountingSocket.open(running.port);
  return client;
}

/** How long a test waits for what it reads (events come every 10 to 200 ms). */
const WAIT_MS = 10_000;

const request = (target: string, version = 'HTTP/1.1') => `GET ${target} ${version}\r\nHost: 127.0.0.1\r\n\r\n`;

interface Message {
  head: string;
  /** The body's chunks, each exactly as framed (RFC 9112 §7.1); the last-chunk, when read, is `''`. */
  chunks: string[];
  /** Whether the last-chunk and the empty trailer section have been read. */
  complete: boolean;
  /** What came after this message. */
  rest: string;
}

/**
 * Reads one response off the front of `text` (latin1, a character per byte). A chunked body strictly: every chunk
 * is a size in hex, CRLF, exactly that many bytes and CRLF. A body with a Content-Length as one chunk. Null while
 * the head is still to come; throws on any other framing.
 */
function readResponse(text: string): Message | null {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = text.slice(0, headEnd);
  const chunks: string[] = [];
  let at = headEnd + 4;
  const length = /\r\nContent-Length: (\d+)/i.exec(head);
  if (length !== null) {
    const end = at + Number(length[1]);
    if (text.length < end) return {head, chunks, complete: false, rest: ''};
    return {head, chunks: [text.slice(at, end)], complete: true, rest: text.slice(end)};
  }
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    if (lineEnd < 0) return {head, chunks, complete: false, rest: ''};
    const sizeLine = text.slice(at, lineEnd);
    if (!/^[0-9a-f]+$/.test(sizeLine)) throw new Error(`Not a chunk size: ${JSON.stringify(sizeLine)}`);
    const size = parseInt(sizeLine, 16);
    const dataStart = lineEnd + 2;
    if (size === 0) {
      if (text.length < dataStart + 2) return {head, chunks, complete: false, rest: ''};
      if (text.slice(dataStart, dataStart + 2) !== '\r\n') throw new Error('No CRLF after the last-chunk');
      chunks.push('');
      return {head, chunks, complete: true, rest: text.slice(dataStart + 2)};
    }
    if (text.length < dataStart + size + 2) return {head, chunks, complete: false, rest: ''};
    if (text.slice(dataStart + size, dataStart + size + 2) !== '\r\n') {
      throw new Error(`Chunk of ${size} bytes not followed by CRLF`);
    }
    chunks.push(text.slice(dataStart, dataStart + size));
    at = dataStart + size + 2;
  }
}

const eventIds = (text: string) => [...text.matchAll(/^id: (\d+)\ndata: \{/gm)].map((match) => Number(match[1]));
const eventChunks = (message: Message | null) => (message?.chunks ?? []).filter((chunk) => /^id: \d+\n/.test(chunk));

function expectConsecutive(ids: number[]) {
  expect(ids.length).toBeGreaterThan(0);
  expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
}

describe('the bytes of an event stream', () => {
  it('frames each event and each heartbeat as one whole chunk, and leaves the connection usable when it ends', async () => {
    server = await startTestServer({eventIntervalMs: 30, sseHeartbeatMs: 40});
    const connection = await open(server);
    connection.write(request('/events/stream?session=framing-reader-1'));
    await connection.until(
      (text) => eventChunks(readResponse(text)).length >= 5 && readResponse(text)!.chunks.includes(': keep-alive\n\n'),
      WAIT_MS,
    );
    const message = readResponse(connection.text)!;
    expect(message.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(message.head).toMatch(/\r\nTransfer-Encoding: chunked(\r\n|$)/i);
    expect(message.chunks[0]).toMatch(/^retry: 3000\nevent: stream-start\ndata: \{.*\}\n\n$/);
    // One event, one chunk: the block and nothing else.
    for (const chunk of eventChunks(message)) expect(chunk).toMatch(/^id: \d+\ndata: \{[^\n]*\}\n\n$/);
    expectConsecutive(eventChunks(message).flatMap(eventIds));

    // Ended by the server (the drop command), the response closes its body with the last-chunk, as Node writes it
    // after the chunks written past it, and the connection reads the next request.
    const dropped = await fetch(`${server.url}/events/stream/drop?session=framing-reader-1`, {method: 'POST'});
    expect(await dropped.json()).toEqual({dropped: 1});
    await connection.until((text) => readResponse(text)?.complete === true, WAIT_MS);
    const ended = readResponse(connection.text)!;
    expect(ended.chunks.at(-1)).toBe('');
    connection.write(request('/health'));
    await connection.until((text) => readResponse(text)?.rest.includes('HTTP/1.1 200 OK') === true, WAIT_MS);
    expect(readResponse(connection.text)!.rest).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('ends the stream of a client that half-closes its side, and goes on serving', async () => {
    server = await startTestServer({eventIntervalMs: 10});
    const openStreams = async () => {
      const text = await (await fetch(`${server!.metricsUrl!}/metrics`)).text();
      return sampleValue(parseExposition(text), 'demo_server_open_connections', {endpoint: ENDPOINTS.eventsStream});
    };
    const connection = await open(server);
    connection.write(request('/events/stream'));
    await connection.until((text) => eventChunks(readResponse(text)).length >= 2, WAIT_MS);
    expect(await openStreams()).toBe(1);
    // Node's server ends its side of a connection whose client ended its own: the stream's socket stops being
    // writable while events keep coming every 10 ms, until its 'close' ends the stream.
    const closed = once(connection.socket, 'close');
    connection.socket.end();
    await closed;
    await expect.poll(openStreams).toBe(0);
    const again = await fetch(`${server.url}/events/poll`);
    expect(again.status).toBe(200);
  });

  it('sends an HTTP/1.0 client, which cannot read chunks, the same events unframed', async () => {
    server = await startTestServer({eventIntervalMs: 30});
    const connection = await open(server);
    connection.write(request('/events/stream', 'HTTP/1.0'));
    await connection.until((text) => eventIds(text).length >= 5, WAIT_MS);
    const text = connection.text;
    const bodyStart = text.indexOf('\r\n\r\n') + 4;
    expect(text.slice(0, bodyStart)).not.toMatch(/transfer-encoding/i);
    const body = text.slice(bodyStart);
    expect(body).toMatch(/^retry: 3000\nevent: stream-start\n/);
    // Nothing but SSE blocks: no chunk-size lines, no CRLF.
    expect(body).not.toContain('\r');
    for (const block of body.split('\n\n').slice(1, -1)) expect(block).toMatch(/^id: \d+\ndata: \{[^\n]*\}$/);
    expectConsecutive(eventIds(body));
  });

  it('frames a stream correctly that waited behind a held long poll on the same connection', async () => {
    server = await startTestServer({eventIntervalMs: 200});
    const {latestId} = (await (await fetch(`${server.url}/events/poll`)).json()) as PollResponse;
    const connection = await open(server);
    // Pipelined: the stream's response cannot start until the long poll's is out, so Node holds its bytes back.
    connection.write(request(`/events/long-poll?since=${latestId}`) + request('/events/stream'));
    await connection.until((text) => {
      const polled = readResponse(text);
      return polled?.complete === true && eventChunks(readResponse(polled.rest)).length >= 3;
    }, WAIT_MS);
    const polled = readResponse(connection.text)!;
    expect(polled.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const answer = JSON.parse(polled.chunks.join('')) as PollResponse;
    expect(answer.events.map((event) => event.id)).toEqual([latestId + 1]);
    const streamed = readResponse(polled.rest)!;
    expect(streamed.head).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Content-Type: text\/event-stream/i);
    expect(streamed.chunks[0]).toMatch(/^retry: 3000\nevent: stream-start\n/);
    expectConsecutive(eventChunks(streamed).flatMap(eventIds));
  });
});
