/**
 * The HTTP inspector (`/http/inspect/…`) with raw TCP clients: the bytes the
 * server records of a request are the bytes the client wrote, to the byte,
 * and the bytes it records of its response are the bytes the client read,
 * on keep-alive and pipelined connections, with odd but valid spacing and
 * case, and with chunked request bodies; bounds are refused with problem details.
 */
import {connect, type Socket} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {HttpInspection, HttpInspectRecord} from '../../demo-server/src/contract/httpInspect.ts';
import {check} from '../../demo-server/src/contract/schema.ts';
import {HTTP_INSPECT_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.shutdown();
  server = undefined;
});

/** A raw TCP connection to the server, collecting every byte it reads. */
async function open(): Promise<{socket: Socket; received: () => Buffer; ended: Promise<void>}> {
  const socket = connect(server!.port, '127.0.0.1');
  sockets.push(socket);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {socket, received: () => Buffer.concat(chunks), ended};
}

/** The Content-Length-framed responses whole in `bytes`, in order, each with its bytes and body. */
function responses(bytes: Buffer): {status: number; raw: Buffer; body: string}[] {
  const found: {status: number; raw: Buffer; body: string}[] = [];
  let offset = 0;
  for (;;) {
    const headEnd = bytes.indexOf('\r\n\r\n', offset, 'latin1');
    if (headEnd === -1) return found;
    const head = bytes.toString('latin1', offset, headEnd);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    const end = headEnd + 4 + length;
    if (bytes.length < end) return found;
    found.push({
      status: Number(head.slice(9, 12)),
      raw: bytes.subarray(offset, end),
      body: bytes.toString('utf8', headEnd + 4, end),
    });
    offset = end;
  }
}

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Creates an inspection over `connection` (raw bytes, so its socket is the one the server starts reading). */
async function createInspection(
  connection: Awaited<ReturnType<typeof open>>,
  query = '',
  already = 0,
): Promise<HttpInspection> {
  connection.socket.write(
    `POST ${ENDPOINTS.httpInspect}/sessions${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n`,
  );
  const answer = await until(() => responses(connection.received())[already], 'the inspection');
  expect(answer.status).toBe(201);
  const checked = check(HttpInspection, JSON.parse(answer.body));
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

async function record(inspection: HttpInspection): Promise<HttpInspectRecord> {
  const response = await fetch(`${server!.url}${inspection.record}`);
  expect(response.status).toBe(200);
  const checked = check(HttpInspectRecord, await response.json());
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

const bytesOf = (base64: string | null) => Buffer.from(base64 ?? '', 'base64');

describe('the HTTP inspector', () => {
  it('records a chunked request with odd spacing and case to the byte, and its chunked response as the client read it', async () => {
    server = await startTestServer();
    const connection = await open();
    const inspection = await createInspection(connection, '?framing=chunked&chunks=3&trailer=true&connection=close');
    // Valid but unusual: lower-case names, no space after one colon, trailing spaces, a chunk extension, a trailer.
    const request = Buffer.from(
      `PUT ${inspection.target}odd/path?x=1 HTTP/1.1\r\n` +
        'host: 127.0.0.1\r\n' +
        'X-Mixed-CASE:value \t\r\n' +
        'transfer-encoding: chunked\r\n' +
        'content-type:   text/plain\r\n' +
        '\r\n' +
        '5;note=first\r\nhello\r\n' +
        'A\r\n, world!\r\n\r\n' +
        '0\r\n' +
        'X-Checksum: 42\r\n' +
        '\r\n',
      'latin1',
    );
    const before = connection.received().length;
    // In three pieces, cut inside the head and inside a chunk: the bytes arrive as a network splits them.
    connection.socket.write(request.subarray(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 20));
    connection.socket.write(request.subarray(20, 130));
    await new Promise((resolve) => setTimeout(resolve, 20));
    connection.socket.write(request.subarray(130));
    await connection.ended;
    const answered = connection.received().subarray(before);

    const saw = await record(inspection);
    expect(saw.done).toBe(true);
    expect(saw.exchanges).toHaveLength(1);
    const [exchange] = saw.exchanges;
    expect(exchange?.method).toBe('PUT');
    expect(exchange?.requestNote).toBeNull();
    expect(bytesOf(exchange?.request ?? null).equals(request)).toBe(true);
    expect(bytesOf(exchange?.response ?? null).equals(answered)).toBe(true);
    // The response is what was asked: chunked, three chunks, the trailer declared and sent, and the connection closed.
    const text = answered.toString('latin1');
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toMatch(/\r\nTransfer-Encoding: chunked\r\n/);
    expect(text).toMatch(/\r\nTrailer: Server-Timing\r\n/);
    expect(text).toMatch(/\r\nConnection: close\r\n/);
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    const sizes = [...body.matchAll(/(?:^|\r\n)([0-9a-f]+)\r\n/g)].map((match) => parseInt(match[1] ?? '', 16));
    expect(sizes.filter((size) => size > 0)).toHaveLength(3);
    expect(body).toMatch(/\r\n0\r\nServer-Timing: app;dur=\d+\r\n\r\n$/);
    expect(body).toContain('with 15 bytes of body');
  });

  it('cuts the one inspected request out of pipelined requests on a keep-alive connection', async () => {
    server = await startTestServer();
    const connection = await open();
    const inspection = await createInspection(connection);
    const first = `GET ${ENDPOINTS.health} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const inspected =
      `\r\nPOST ${inspection.target}notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      'Content-Length: 11\r\n\r\n{"a":"b\r\n"}';
    const third = `GET ${ENDPOINTS.time} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    // All three in one write: the server reads them in one chunk.
    connection.socket.write(first + inspected + third);
    const answers = await until(() => {
      const found = responses(connection.received());
      return found.length >= 4 ? found : undefined;
    }, 'four responses');
    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 200, 200]);

    const saw = await record(inspection);
    expect(saw.exchanges).toHaveLength(1);
    const [exchange] = saw.exchanges;
    expect(exchange?.requestNote).toBeNull();
    // The leading empty line (RFC 9112 §2.2) belongs to the request it precedes.
    expect(bytesOf(exchange?.request ?? null).toString('latin1')).toBe(inspected);
    expect(bytesOf(exchange?.response ?? null).equals(answers[2]?.raw ?? Buffer.alloc(0))).toBe(true);
    expect(answers[2]?.body).toContain('with 11 bytes of body');
  });

  it('reads a new connection from the same address from its first byte, and says when it did not read one', async () => {
    server = await startTestServer();
    // A connection the reader opened before the inspection: its bytes are not read.
    const earlier = await open();
    earlier.socket.write(`GET ${ENDPOINTS.health} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await until(() => responses(earlier.received())[0], 'the health answer');

    const creator = await open();
    const inspection = await createInspection(creator);
    const fresh = await open();
    const onFresh = `DELETE ${inspection.target}a HTTP/1.1\r\nHOST: 127.0.0.1\r\n\r\n`;
    fresh.socket.write(onFresh);
    await until(() => responses(fresh.received())[0], 'the answer on the new connection');
    const onEarlier = `GET ${inspection.target}b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    earlier.socket.write(onEarlier);
    await until(() => responses(earlier.received())[1], 'the answer on the earlier connection');

    const saw = await record(inspection);
    expect(saw.createdOnPort).toBe(creator.socket.localPort);
    expect(saw.exchanges.map((exchange) => exchange.clientPort)).toEqual([
      fresh.socket.localPort,
      earlier.socket.localPort,
    ]);
    expect(saw.exchanges.map((exchange) => [exchange.method, exchange.connection])).toEqual([
      ['DELETE', 1],
      ['GET', 2],
    ]);
    expect(bytesOf(saw.exchanges[0]?.request ?? null).toString('latin1')).toBe(onFresh);
    expect(saw.exchanges[1]?.request).toBeNull();
    expect(saw.exchanges[1]?.requestNote).toMatch(/not reading/);
    // Its response is recorded all the same, as the client read it.
    expect(
      bytesOf(saw.exchanges[1]?.response ?? null).equals(responses(earlier.received())[1]?.raw ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('withholds the value of Cookie, byte for byte, and keeps every other byte', async () => {
    server = await startTestServer();
    const connection = await open();
    const inspection = await createInspection(connection);
    const head = `GET ${inspection.target}c HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session=secret; theme=dark\r\nX-After: 1\r\n\r\n`;
    connection.socket.write(head);
    await until(() => responses(connection.received())[1], 'the answer');
    const [exchange] = (await record(inspection)).exchanges;
    expect(bytesOf(exchange?.request ?? null).toString('latin1')).toBe(
      head.replace(' session=secret; theme=dark', '*'.repeat(' session=secret; theme=dark'.length)),
    );
    expect(exchange?.requestNote).toMatch(/Cookie.*withheld/);
  });

  it('answers a preflight for the methods and headers a page may send, and records it', async () => {
    server = await startTestServer();
    const connection = await open();
    const inspection = await createInspection(connection);
    connection.socket.write(
      `OPTIONS ${inspection.target}x HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:3000\r\n` +
        'Access-Control-Request-Method: PATCH\r\nAccess-Control-Request-Headers: x-one,x-two\r\n\r\n',
    );
    const answer = await until(() => responses(connection.received())[1], 'the preflight answer');
    expect(answer.status).toBe(204);
    const head = answer.raw.toString('latin1');
    expect(head).toContain('Access-Control-Allow-Origin: http://localhost:3000\r\n');
    expect(head).toContain('Access-Control-Allow-Methods: GET, HEAD, POST, PUT, PATCH, DELETE\r\n');
    expect(head).toContain('Access-Control-Allow-Headers: x-one, x-two\r\n');
    const saw = await record(inspection);
    // A preflight is not the request the inspection waits for.
    expect(saw.done).toBe(false);
    expect(saw.exchanges[0]?.method).toBe('OPTIONS');
    expect(bytesOf(saw.exchanges[0]?.response ?? null).equals(answer.raw)).toBe(true);
  });

  it('answers a HEAD for a chunked answer with a trailer with its head alone', async () => {
    server = await startTestServer();
    const connection = await open();
    const inspection = await createInspection(connection, '?framing=chunked&chunks=8&trailer=true');
    // Found by the fuzzer (http-inspect, seed 13): a HEAD has no body to carry a trailer, and Node threw.
    connection.socket.write(`HEAD ${inspection.target}x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await until(
      () => (connection.received().toString('latin1').split('\r\n\r\n').length > 2 ? true : undefined),
      'the answer',
    );
    const saw = await record(inspection);
    const response = bytesOf(saw.exchanges[0]?.response ?? null).toString('latin1');
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).not.toMatch(/\r\nTrailer:/i);
    expect(response.endsWith('\r\n\r\n')).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('refuses what is out of bounds with problem details', async () => {
    server = await startTestServer();
    const problemOf = async (response: Response) => {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return ((await response.json()) as {detail: string}).detail;
    };
    const sessions = `${server.url}${ENDPOINTS.httpInspect}/sessions`;
    const bad = await fetch(`${sessions}?framing=gzip&chunks=99`, {method: 'POST'});
    expect(bad.status).toBe(400);
    expect(await problemOf(bad)).toMatch(/framing.*chunks|chunks.*framing/s);
    expect((await fetch(sessions)).status).toBe(405);
    expect((await fetch(`${sessions}/AAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${server.url}${ENDPOINTS.httpInspect}/AAAAAAAAAAAAAAAA/x`)).status).toBe(404);

    const made: HttpInspection[] = [];
    for (let i = 0; i < HTTP_INSPECT_LIMITS.maxInspectionsPerClient; i++) {
      const response = await fetch(sessions, {method: 'POST'});
      expect(response.status).toBe(201);
      made.push((await response.json()) as HttpInspection);
    }
    const over = await fetch(sessions, {method: 'POST'});
    expect(over.status).toBe(429);
    expect(await problemOf(over)).toContain(`${HTTP_INSPECT_LIMITS.maxInspectionsPerClient} inspections waiting`);
    // An answered inspection no longer waits: the client may make another.
    expect((await fetch(`${server.url}${made[1]?.target ?? ''}x`)).status).toBe(200);
    expect((await fetch(sessions, {method: 'POST'})).status).toBe(201);

    const target = `${server.url}${made[0]?.target ?? ''}`;
    const large = await fetch(target, {method: 'POST', body: 'x'.repeat(HTTP_INSPECT_LIMITS.maxBodyBytes + 1)});
    expect(large.status).toBe(413);
    expect(await problemOf(large)).toContain(`${HTTP_INSPECT_LIMITS.maxBodyBytes} bytes`);
    const names = Array.from({length: HTTP_INSPECT_LIMITS.maxRequestHeaders + 1}, (_, i) => `x-h${i}`).join(',');
    const preflight = await fetch(target, {
      method: 'OPTIONS',
      headers: {'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': names},
    });
    expect(preflight.status).toBe(400);
    const connect = await fetch(target, {method: 'PROPFIND'});
    expect(connect.status).toBe(405);
    expect(connect.headers.get('allow')).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
  });
});
