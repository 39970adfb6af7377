/**
 * The bytes of an event stream on the wire. The stream route writes each event to every stream as one HTTP/1.1
 * chunk framed once (routes/sse.ts, `directSocketOf`), past `ServerResponse`; these tests read the raw socket
 * to show that the framing is exact (RFC 9112 §7.1), that the response is still Node's to end and the connection
 * still usable after it, and that the streams Node does not chunk, or has not yet given their socket, get the
 * same events the ordinary way.
 */
import {connect, type Socket} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import type {PollResponse} from '../../demo-server/src/contract/events.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {parseExposition, sampleValue} from './support/exposition.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.destroy();
  socket = undefined;
  await server?.shutdown();
  server = undefined;
});

/** A connection that keeps every byte it receives, and waits until they satisfy a test. */
async function open(url: string) {
  const {hostname, port} = new URL(url);
  const conn = connect({host: hostname, port: Number(port)});
  socket = conn;
  await new Promise<void>((resolve, reject) => conn.once('connect', resolve).once('error', reject));
  let bytes = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  conn.on('data', (chunk: Buffer) => {
    bytes = Buffer.concat([bytes, chunk]);
    wake?.();
  });
  const closed = new Promise<void>((resolve) => conn.once('close', () => resolve()));
  conn.on('close', () => wake?.());
  return {
    send: (text: string) => conn.write(text),
    /** Sends FIN: this side is done writing, and still reads. */
    halfClose: () => conn.end(),
    closed,
    async until(done: (received: Buffer) => boolean, what: string): Promise<Buffer> {
      const deadline = Date.now() + 10_000;
      while (!done(bytes)) {
        if (conn.destroyed) throw new Error(`The connection closed before ${what}`);
        if (Date.now() > deadline) throw new Error(`No ${what} in 10 s; received: ${JSON.stringify(bytes.toString())}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return bytes;
    },
  };
}

const request = (target: string, version = 'HTTP/1.1', extra: string[] = []) =>
  [`GET ${target} ${version}`, 'Host: 127.0.0.1', ...extra, '', ''].join('\r\n');

interface Message {
  head: string;
  /** The body's chunks, each exactly as framed (RFC 9112 §7.1); the last-chunk, when read, is `''`. */
  chunks: string[];
  /** Whether the last-chunk and the empty trailer section have been read. */
  complete: boolean;
  /** Bytes after this message. */
  rest: Buffer;
}

/**
 * Reads one response off the front of `bytes`. A chunked body strictly: every chunk is a size in hex, CRLF,
 * exactly that many bytes and CRLF. A body with a Content-Length as one chunk. Null while the head is still to
 * come; throws on any other framing.
 */
function readChunked(bytes: Buffer): Message | null {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const head = bytes.subarray(0, headEnd).toString('latin1');
  const chunks: string[] = [];
  let at = headEnd + 4;
  const length = /\r\nContent-Length: (\d+)/i.exec(head);
  if (length !== null) {
    const end = at + Number(length[1]);
    if (bytes.length < end) return {head, chunks, complete: false, rest: Buffer.alloc(0)};
    return {head, chunks: [bytes.subarray(at, end).toString('utf8')], complete: true, rest: bytes.subarray(end)};
  }
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return {head, chunks, complete: false, rest: Buffer.alloc(0)};
    const sizeLine = bytes.subarray(at, lineEnd).toString('latin1');
    if (!/^[0-9a-f]+$/.test(sizeLine)) throw new Error(`Not a chunk size: ${JSON.stringify(sizeLine)}`);
    const size = parseInt(sizeLine, 16);
    const dataStart = lineEnd + 2;
    if (size === 0) {
      if (bytes.length < dataStart + 2) return {head, chunks, complete: false, rest: Buffer.alloc(0)};
      if (bytes.subarray(dataStart, dataStart + 2).toString() !== '\r\n')
        throw new Error('No CRLF after the last-chunk');
      chunks.push('');
      return {head, chunks, complete: true, rest: bytes.subarray(dataStart + 2)};
    }
    if (bytes.length < dataStart + size + 2) return {head, chunks, complete: false, rest: Buffer.alloc(0)};
    if (bytes.subarray(dataStart + size, dataStart + size + 2).toString() !== '\r\n') {
      throw new Error(`Chunk of ${size} bytes not followed by CRLF`);
    }
    chunks.push(bytes.subarray(dataStart, dataStart + size).toString('utf8'));
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
    const connection = await open(server.url);
    connection.send(request('/events/stream?session=framing-reader-1'));
    const received = await connection.until(
      (bytes) => eventChunks(readChunked(bytes)).length >= 5 && readChunked(bytes)!.chunks.includes(': keep-alive\n\n'),
      'five events and a heartbeat',
    );
    const message = readChunked(received)!;
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
    const ended = readChunked(await connection.until((bytes) => readChunked(bytes)?.complete === true, 'the end'))!;
    expect(ended.chunks.at(-1)).toBe('');
    connection.send(request('/health'));
    const next = await connection.until(
      (bytes) => readChunked(bytes)?.rest.includes('HTTP/1.1 200 OK') === true,
      'an answer on the same connection',
    );
    expect(readChunked(next)!.rest.toString()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('ends the stream of a client that half-closes its side, and goes on serving', async () => {
    server = await startTestServer({eventIntervalMs: 10});
    const openStreams = async () => {
      const text = await (await fetch(`${server!.metricsUrl!}/metrics`)).text();
      return sampleValue(parseExposition(text), 'demo_server_open_connections', {endpoint: ENDPOINTS.eventsStream});
    };
    const connection = await open(server.url);
    connection.send(request('/events/stream'));
    await connection.until((bytes) => eventChunks(readChunked(bytes)).length >= 2, 'two events');
    expect(await openStreams()).toBe(1);
    // Node's server ends its side of a connection whose client ended its own: the stream's socket stops being
    // writable while events keep coming every 10 ms, until its 'close' ends the stream.
    connection.halfClose();
    await connection.closed;
    await expect.poll(openStreams).toBe(0);
    const again = await fetch(`${server.url}/events/poll`);
    expect(again.status).toBe(200);
  });

  it('sends an HTTP/1.0 client, which cannot read chunks, the same events unframed', async () => {
    server = await startTestServer({eventIntervalMs: 30});
    const connection = await open(server.url);
    connection.send(request('/events/stream', 'HTTP/1.0'));
    const received = await connection.until((bytes) => eventIds(bytes.toString()).length >= 5, 'five events');
    const text = received.toString();
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
    const connection = await open(server.url);
    // Pipelined: the stream's response cannot start until the long poll's is out, so Node holds its bytes back.
    connection.send(request(`/events/long-poll?since=${latestId}`) + request('/events/stream'));
    const received = await connection.until((bytes) => {
      const polled = readChunked(bytes);
      return polled?.complete === true && eventChunks(readChunked(polled.rest)).length >= 3;
    }, 'the long poll answered and three events on the stream');
    const polled = readChunked(received)!;
    expect(polled.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const answer = JSON.parse(polled.chunks.join('')) as PollResponse;
    expect(answer.events.map((event) => event.id)).toEqual([latestId + 1]);
    const streamed = readChunked(polled.rest)!;
    expect(streamed.head).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Content-Type: text\/event-stream/i);
    expect(streamed.chunks[0]).toMatch(/^retry: 3000\nevent: stream-start\n/);
    expectConsecutive(eventChunks(streamed).flatMap(eventIds));
  });
});
