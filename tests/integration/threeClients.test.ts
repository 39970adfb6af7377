/**
 * The checks the other integration files make with one or two clients, made
 * with all three: the hand-written RFC 6455 client over TCP, the `ws` library,
 * and Node's built-in WebSocket (undici, a separate implementation). Also the
 * framing rules only a hand-written client can break on purpose.
 */
import {createHash, randomBytes} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import type {HealthReport} from '../../demo-server/src/contract/health.ts';
import {
  parseInspectMessage,
  type EchoEnvelope,
  type HandshakeReport,
  type InspectServerMessage,
} from '../../demo-server/src/contract/inspect.ts';
import {CLOSE_CODES, findHeader, WEBSOCKET_GUID, type HeaderList} from '../../demo-server/src/contract/websocket.ts';
import {MESSAGE_LIMITS} from '../../demo-server/src/limits.ts';
import type {Limits} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {
  newKey,
  OPCODES,
  rawExchange,
  rawHandshake,
  standardHeaders,
  type Frame,
  type RawConnection,
} from './support/rfc6455Client.ts';
import {countsByEndpoint, SITE_ORIGIN, startTestServer} from './support/server.ts';

const acceptFor = (key: string) =>
  createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');

/** Node's `rawHeaders` ([name, value, name, value, …]) as a header list. */
function pairs(rawHeaders: readonly string[]): HeaderList {
  const list: HeaderList = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) list.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return list;
}

function inspectMessage(text: string): InspectServerMessage {
  const message = parseInspectMessage(text);
  if (message === null) throw new Error(`Not an /ws/inspect message: ${text}`);
  return message;
}

function handshakeReport(text: string): HandshakeReport {
  const message = inspectMessage(text);
  if (message.type !== 'handshake') throw new Error(`Not a handshake report: ${text}`);
  return message;
}

function echoEnvelope(text: string): EchoEnvelope {
  const message = inspectMessage(text);
  if (message.type !== 'echo') throw new Error(`Not an echo envelope: ${text}`);
  return message;
}

/** The status code and reason of a close frame's payload (§5.5.1); null code when it has none. */
function closePayload(frame: Frame | null): {code: number | null; reason: string} {
  if (frame?.opcode !== OPCODES.close) throw new Error(`Expected a close frame, got ${JSON.stringify(frame)}`);
  if (frame.payload.length === 0) return {code: null, reason: ''};
  return {code: frame.payload.readUInt16BE(0), reason: frame.payload.subarray(2).toString('utf8')};
}

/**
 * Whether a text message is one of the frame reports /ws/inspect may send
 * between its other messages (issue #4). Checked on the JSON itself so these
 * tests read the same with or without that message type in the contract.
 */
function isFrameReport(text: string): boolean {
  try {
    return (JSON.parse(text) as {type?: unknown}).type === 'frame';
  } catch {
    return false;
  }
}

/** The next frame on a /ws/inspect connection that is not a ping or a frame report. */
async function nextInspectFrame(connection: RawConnection): Promise<Frame | null> {
  for (;;) {
    const frame = await connection.nextDataFrame();
    if (frame?.opcode === OPCODES.text && isFrameReport(frame.payload.toString('utf8'))) continue;
    return frame;
  }
}

// ---- The three clients, opened the same way everywhere in this file. ----

/** Messages in arrival order, buffered from the moment a socket exists so none is missed. */
class Inbox<T> {
  readonly #items: T[] = [];
  readonly #waiting: Array<(item: T) => void> = [];
  push(item: T): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter(item);
    else this.#items.push(item);
  }
  next(): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift()!);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}

async function rawOpen(port: number, path = '/ws/echo', headers?: HeaderList): Promise<RawConnection> {
  const {response, connection} = await rawHandshake(port, {path, headers: headers ?? standardHeaders(port, newKey())});
  if (response.status !== 101 || connection === null) throw new Error(`Handshake refused: ${response.statusLine}`);
  return connection;
}

interface WsClient {
  socket: WebSocket;
  /** The 101 response as ws received it. */
  response: IncomingMessage;
  next: () => Promise<{data: Buffer; isBinary: boolean}>;
  /** The next /ws/inspect message that is not a frame report, as text. */
  nextInspect: () => Promise<string>;
}

function wsOpen(url: string): Promise<WsClient> {
  const socket = new WebSocket(url, {origin: SITE_ORIGIN});
  const inbox = new Inbox<{data: Buffer; isBinary: boolean}>();
  // ws's default binaryType ('nodebuffer') delivers every message as one Buffer.
  socket.on('message', (data, isBinary) => inbox.push({data: data as Buffer, isBinary}));
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    socket.once('upgrade', (res) => (response = res));
    const next = () => inbox.next();
    const nextInspect = async () => {
      for (;;) {
        const text = (await next()).data.toString('utf8');
        if (!isFrameReport(text)) return text;
      }
    };
    socket.once('open', () => resolve({socket, response: response!, next, nextInspect}));
    socket.once('error', reject);
  });
}

function wsClosed(socket: WebSocket): Promise<{code: number; reason: string}> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({code, reason: reason.toString()})));
}

/** Attempts a handshake the server is expected to refuse; resolves with the status ws saw. */
function wsRefusal(url: string): Promise<{status: number; headers: IncomingMessage['headers']}> {
  const socket = new WebSocket(url);
  // Aborting a refused handshake makes ws emit an error: expected here.
  socket.on('error', () => undefined);
  return new Promise((resolve) =>
    socket.once('unexpected-response', (_req, res) => {
      resolve({status: res.statusCode ?? 0, headers: res.headers});
      socket.terminate();
    }),
  );
}

interface UndiciClient {
  socket: globalThis.WebSocket;
  /** The next message's data: a string for text, an ArrayBuffer for binary. */
  next: () => Promise<unknown>;
}

function undiciOpen(url: string): Promise<UndiciClient> {
  const socket = new globalThis.WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const inbox = new Inbox<unknown>();
  socket.addEventListener('message', (event) => inbox.push(event.data));
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve({socket, next: () => inbox.next()}), {once: true});
    socket.addEventListener('error', () => reject(new Error('undici WebSocket failed to open')), {once: true});
  });
}

function undiciClosed(socket: globalThis.WebSocket): Promise<CloseEvent> {
  return new Promise((resolve) => socket.addEventListener('close', resolve, {once: true}));
}

/** Echo round trip on an open /ws/echo connection of each kind: proves the server still serves it. */
async function rawRoundTrip(connection: RawConnection, text: string): Promise<string | undefined> {
  connection.send(OPCODES.text, text);
  return (await connection.nextDataFrame())?.payload.toString('utf8');
}

async function wsRoundTrip(client: WsClient, text: string): Promise<string> {
  client.socket.send(text);
  return (await client.next()).data.toString('utf8');
}

async function undiciRoundTrip(client: UndiciClient, text: string): Promise<unknown> {
  client.socket.send(text);
  return client.next();
}

// ---- One shared server for the checks that need no special limits. ----

let server: DemoServer;
let wsBase: string;
beforeAll(async () => {
  server = await startTestServer();
  wsBase = server.url.replace('http', 'ws');
});
afterAll(() => server.shutdown());

describe('/ws/inspect with each client', () => {
  it('raw client: exact report, then text and binary (base64) echo envelopes, then a clean close', async () => {
    const key = newKey();
    const sent: HeaderList = [
      ['host', `127.0.0.1:${server.port}`],
      ['SEC-WEBSOCKET-KEY', key],
      ['Sec-WebSocket-Version', '13'],
      ['upgrade', 'WebSocket'],
      ['Connection', 'keep-alive, Upgrade'],
      ['Origin', SITE_ORIGIN],
      ['X-Order-Check', 'last'],
    ];
    const {response, connection} = await rawHandshake(server.port, {path: '/ws/inspect?from=raw', headers: sent});
    expect(response.status).toBe(101);
    const received = response.headers;
    expect(findHeader(received, 'Sec-WebSocket-Accept')).toBe(acceptFor(key));

    const report = handshakeReport((await nextInspectFrame(connection!))!.payload.toString('utf8'));
    expect(report.request).toEqual({
      method: 'GET',
      url: '/ws/inspect?from=raw',
      httpVersion: '1.1',
      headers: sent,
    });
    expect(report.response.status).toBe(101);
    expect(report.response.headers).toEqual(received);
    expect(findHeader(report.response.headers, 'Upgrade')).toBe('websocket');
    expect(findHeader(report.response.headers, 'Connection')).toBe('Upgrade');
    expect(findHeader(report.response.headers, 'Sec-WebSocket-Accept')).toBe(acceptFor(key));

    const before = Date.now();
    connection!.send(OPCODES.text, 'héllo ✓');
    const text = echoEnvelope((await nextInspectFrame(connection!))!.payload.toString('utf8'));
    expect(text).toEqual({
      type: 'echo',
      receivedAt: expect.any(Number),
      binary: false,
      size: Buffer.byteLength('héllo ✓'),
      data: 'héllo ✓',
    });
    expect(text.receivedAt).toBeGreaterThanOrEqual(before);
    expect(text.receivedAt).toBeLessThanOrEqual(Date.now());

    const bytes = randomBytes(200);
    connection!.send(OPCODES.binary, bytes);
    const frame = await nextInspectFrame(connection!);
    // Envelopes are always text frames, even for binary messages.
    expect(frame?.opcode).toBe(OPCODES.text);
    expect(echoEnvelope(frame!.payload.toString('utf8'))).toMatchObject({
      binary: true,
      size: 200,
      data: bytes.toString('base64'),
    });

    connection!.sendClose(CLOSE_CODES.normal);
    expect(closePayload(await nextInspectFrame(connection!)).code).toBe(CLOSE_CODES.normal);
    await connection!.ended;
  });

  it('ws client: the report’s response is the head ws received, and envelopes follow', async () => {
    const {socket, response, nextInspect} = await wsOpen(`${wsBase}/ws/inspect`);
    const report = handshakeReport(await nextInspect());
    expect(report.response.status).toBe(response.statusCode);
    expect(report.response.statusText).toBe(response.statusMessage);
    expect(report.response.headers).toEqual(pairs(response.rawHeaders));
    const key = findHeader(report.request.headers, 'Sec-WebSocket-Key')!;
    expect(response.headers['sec-websocket-accept']).toBe(acceptFor(key));

    socket.send('from ws');
    expect(echoEnvelope(await nextInspect())).toMatchObject({binary: false, size: 7, data: 'from ws'});
    socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(echoEnvelope(await nextInspect())).toMatchObject({binary: true, size: 4, data: '3q2+7w=='});
    const closed = wsClosed(socket);
    socket.close(CLOSE_CODES.normal);
    expect((await closed).code).toBe(CLOSE_CODES.normal);
  });

  it('Node’s WebSocket sends no Origin (so it is admitted like any non-browser client) and its deflate offer is declined', async () => {
    const socket = new globalThis.WebSocket(`${wsBase}/ws/inspect`);
    const text = await new Promise<string>((resolve, reject) => {
      socket.addEventListener('message', (event) => resolve(String(event.data)), {once: true});
      socket.addEventListener('error', () => reject(new Error('undici WebSocket failed')), {once: true});
    });
    const report = handshakeReport(text);
    expect(findHeader(report.request.headers, 'Origin')).toBeUndefined();
    expect(findHeader(report.request.headers, 'Sec-WebSocket-Extensions')).toMatch(/permessage-deflate/);
    expect(findHeader(report.response.headers, 'Sec-WebSocket-Extensions')).toBeUndefined();
    // Nothing was negotiated, and undici agrees.
    expect(socket.extensions).toBe('');
    expect(socket.protocol).toBe('');
    const closed = undiciClosed(socket);
    socket.close();
    expect((await closed).wasClean).toBe(true);
  });
});

describe('closing handshake with each client (RFC 6455 §5.5.1, §7.4)', () => {
  const APP_CODE = 4321;

  it('raw client: an application close code comes back as the same code', async () => {
    const connection = await rawOpen(server.port);
    connection.sendClose(APP_CODE, 'done here');
    const frame = await connection.nextDataFrame();
    expect(frame?.masked).toBe(false);
    expect(closePayload(frame).code).toBe(APP_CODE);
    await connection.ended;
  });

  it('raw client: a close without a status code is answered with a close without one', async () => {
    const connection = await rawOpen(server.port);
    connection.send(OPCODES.close, Buffer.alloc(0));
    expect(closePayload(await connection.nextDataFrame())).toEqual({code: null, reason: ''});
    await connection.ended;
  });

  it('ws client: the same code comes back', async () => {
    const {socket} = await wsOpen(`${wsBase}/ws/echo`);
    const closed = wsClosed(socket);
    socket.close(APP_CODE, 'done here');
    expect((await closed).code).toBe(APP_CODE);
  });

  it('Node’s WebSocket: the same code comes back, cleanly', async () => {
    const {socket} = await undiciOpen(`${wsBase}/ws/echo`);
    const closed = undiciClosed(socket);
    socket.close(APP_CODE, 'done here');
    const event = await closed;
    expect(event.code).toBe(APP_CODE);
    expect(event.wasClean).toBe(true);
  });
});

describe(`message size bound (${MESSAGE_LIMITS.echoMaxMessageBytes} bytes) with each client`, () => {
  const limit = MESSAGE_LIMITS.echoMaxMessageBytes;

  it('raw client: exactly the limit is echoed (64-bit length form), one byte more closes with 1009', async () => {
    const connection = await rawOpen(server.port);
    const atLimit = randomBytes(limit);
    connection.send(OPCODES.binary, atLimit);
    const echoed = await connection.nextDataFrame();
    expect(echoed?.opcode).toBe(OPCODES.binary);
    expect(echoed?.payload.equals(atLimit)).toBe(true);

    connection.send(OPCODES.binary, randomBytes(limit + 1));
    expect(closePayload(await connection.nextDataFrame()).code).toBe(CLOSE_CODES.messageTooBig);
    connection.sendClose(CLOSE_CODES.messageTooBig);
    await connection.ended;
  });

  it('raw client: the bound counts the whole message, not each fragment', async () => {
    const connection = await rawOpen(server.port);
    const half = Buffer.alloc(limit / 2, 0x61);
    connection.send(OPCODES.text, half, {fin: false});
    connection.send(OPCODES.continuation, half, {fin: false});
    connection.send(OPCODES.continuation, 'x', {fin: true});
    expect(closePayload(await connection.nextDataFrame()).code).toBe(CLOSE_CODES.messageTooBig);
    connection.destroy();
  });

  it('raw client on /ws/inspect: one byte past its bound closes with 1009 too', async () => {
    const connection = await rawOpen(server.port, '/ws/inspect');
    expect((await nextInspectFrame(connection))?.opcode).toBe(OPCODES.text);
    connection.send(OPCODES.text, Buffer.alloc(MESSAGE_LIMITS.inspectMaxMessageBytes + 1, 0x61));
    expect(closePayload(await nextInspectFrame(connection)).code).toBe(CLOSE_CODES.messageTooBig);
    connection.destroy();
  });

  it('ws client on /ws/inspect: exactly the bound is enveloped, one byte more closes with 1009', async () => {
    const {socket, nextInspect} = await wsOpen(`${wsBase}/ws/inspect`);
    expect(inspectMessage(await nextInspect()).type).toBe('handshake');
    socket.send('a'.repeat(MESSAGE_LIMITS.inspectMaxMessageBytes));
    expect(echoEnvelope(await nextInspect()).size).toBe(MESSAGE_LIMITS.inspectMaxMessageBytes);
    const closed = wsClosed(socket);
    socket.send('a'.repeat(MESSAGE_LIMITS.inspectMaxMessageBytes + 1));
    expect((await closed).code).toBe(CLOSE_CODES.messageTooBig);
  });

  it('Node’s WebSocket: exactly the limit is echoed byte for byte', async () => {
    const {socket, next} = await undiciOpen(`${wsBase}/ws/echo`);
    const atLimit = randomBytes(limit);
    socket.send(atLimit);
    const echoed = await next();
    expect(echoed).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(echoed as ArrayBuffer).equals(atLimit)).toBe(true);
    const closed = undiciClosed(socket);
    socket.send('a'.repeat(limit + 1));
    const event = await closed;
    expect(event.code).toBe(CLOSE_CODES.messageTooBig);
  });
});

describe('framing rules only a hand-written client can break (RFC 6455 §5)', () => {
  it('answers an empty ping with an empty pong, and a 125-byte ping with the same 125 bytes', async () => {
    const connection = await rawOpen(server.port);
    connection.send(OPCODES.ping, Buffer.alloc(0));
    expect(await connection.nextDataFrame()).toMatchObject({opcode: OPCODES.pong, fin: true, payload: Buffer.alloc(0)});
    const payload = randomBytes(125);
    connection.send(OPCODES.ping, payload);
    const pong = await connection.nextDataFrame();
    expect(pong?.opcode).toBe(OPCODES.pong);
    expect(pong?.payload.equals(payload)).toBe(true);
    connection.destroy();
  });

  it('answers a ping sent between the fragments of a message at once, then echoes the whole message (§5.4)', async () => {
    const connection = await rawOpen(server.port);
    connection.send(OPCODES.text, 'first half, ', {fin: false});
    connection.send(OPCODES.ping, 'in between');
    connection.send(OPCODES.continuation, 'second half', {fin: true});
    const pong = await connection.nextDataFrame();
    expect(pong?.opcode).toBe(OPCODES.pong);
    expect(pong?.payload.toString()).toBe('in between');
    const message = await connection.nextDataFrame();
    expect(message).toMatchObject({opcode: OPCODES.text, fin: true});
    expect(message?.payload.toString()).toBe('first half, second half');
    connection.destroy();
  });

  it.each([
    ['a control frame longer than 125 bytes (§5.5)', OPCODES.ping, randomBytes(126), true],
    ['a fragmented control frame (§5.5)', OPCODES.ping, Buffer.from('x'), false],
    ['a reserved opcode (§5.2)', 0x3, Buffer.from('x'), true],
    ['a continuation with nothing to continue (§5.4)', OPCODES.continuation, Buffer.from('x'), true],
  ])('closes with 1002 on %s', async (_name, opcode, payload, fin) => {
    const connection = await rawOpen(server.port);
    connection.send(opcode, payload, {fin});
    expect(closePayload(await connection.nextDataFrame()).code).toBe(CLOSE_CODES.protocolError);
    connection.destroy();
  });

  it('closes with 1007 on a text message that is not UTF-8 (§8.1)', async () => {
    const connection = await rawOpen(server.port);
    connection.send(OPCODES.text, Buffer.from([0x68, 0x69, 0xff, 0xfe]));
    expect(closePayload(await connection.nextDataFrame()).code).toBe(CLOSE_CODES.invalidPayload);
    connection.destroy();
  });

  it('keeps serving a ws client and a Node WebSocket while raw clients misbehave next to them', async () => {
    const ws = await wsOpen(`${wsBase}/ws/echo`);
    const undici = await undiciOpen(`${wsBase}/ws/echo`);
    const good = await rawOpen(server.port);

    const bad = await rawOpen(server.port);
    bad.send(OPCODES.text, 'not masked', {mask: false});
    const oversized = await rawOpen(server.port);
    oversized.send(OPCODES.binary, randomBytes(MESSAGE_LIMITS.echoMaxMessageBytes + 1));
    const garbage = await rawExchange(server.port, Buffer.from('\x00\x01\x02 nonsense\r\n\r\n'));
    expect(garbage.response.status).toBe(400);
    expect(closePayload(await bad.nextDataFrame()).code).toBe(CLOSE_CODES.protocolError);
    expect(closePayload(await oversized.nextDataFrame()).code).toBe(CLOSE_CODES.messageTooBig);
    bad.destroy();
    oversized.destroy();

    expect(await wsRoundTrip(ws, 'ws still here')).toBe('ws still here');
    expect(await undiciRoundTrip(undici, 'undici still here')).toBe('undici still here');
    expect(await rawRoundTrip(good, 'raw still here')).toBe('raw still here');
    ws.socket.close();
    undici.socket.close();
    good.destroy();
  });
});

describe('handshakes Node does not treat as upgrades', () => {
  // Without both `Upgrade: websocket` and `Connection: Upgrade`, Node's parser
  // hands the request to the plain HTTP router, which answers a WebSocket path
  // with 426 Upgrade Required naming websocket (RFC 9110 §15.5.22): still a
  // refusal before any upgrade, as RFC 6455 §4.2.1 asks.
  it.each([
    ['no Upgrade header', [['Connection', 'Upgrade, close']]],
    [
      'no upgrade token in Connection',
      [
        ['Upgrade', 'websocket'],
        ['Connection', 'close'],
      ],
    ],
  ] as Array<[string, HeaderList]>)(
    '%s → 426 with Upgrade: websocket, no Sec-WebSocket-Accept',
    async (_name, upgradeHeaders) => {
      // `Connection: close` so the raw client sees the end of the body; the server must honour it (RFC 9112 §9.6).
      const headers: HeaderList = [
        ['Host', `127.0.0.1:${server.port}`],
        ...upgradeHeaders,
        ['Sec-WebSocket-Key', newKey()],
        ['Sec-WebSocket-Version', '13'],
      ];
      const startedAt = Date.now();
      const {response, connection} = await rawHandshake(server.port, {path: '/ws/echo', headers});
      expect(connection).toBeNull();
      expect(response.status).toBe(426);
      expect(findHeader(response.headers, 'Upgrade')).toBe('websocket');
      // The sender of Upgrade names it in Connection (RFC 9110 §7.8), and closes as asked.
      expect(findHeader(response.headers, 'Connection')).toBe('Upgrade, close');
      expect(findHeader(response.headers, 'Sec-WebSocket-Accept')).toBeUndefined();
      // Closed right after the answer, not at the keep-alive timeout.
      expect(Date.now() - startedAt).toBeLessThan(2_000);
    },
  );
});

describe('GET /health follows sockets of every kind', () => {
  async function connections(): Promise<HealthReport['connections']> {
    const response = await fetch(`${server.url}/health`);
    return ((await response.json()) as HealthReport).connections;
  }

  it('counts a raw, a ws and a Node WebSocket connection, and forgets them once closed', async () => {
    await expect.poll(connections).toEqual({
      total: 0,
      byEndpoint: countsByEndpoint(),
    });
    const raw = await rawOpen(server.port);
    const {socket: ws} = await wsOpen(`${wsBase}/ws/inspect`);
    const {socket: undici} = await undiciOpen(`${wsBase}/ws/echo`);
    await expect.poll(connections).toEqual({
      total: 3,
      byEndpoint: countsByEndpoint({'/ws/echo': 2, '/ws/inspect': 1}),
    });

    raw.sendClose(CLOSE_CODES.normal);
    await raw.ended;
    await expect.poll(connections).toEqual({
      total: 2,
      byEndpoint: countsByEndpoint({'/ws/echo': 1, '/ws/inspect': 1}),
    });
    ws.close();
    undici.close();
    await expect.poll(connections).toEqual({
      total: 0,
      byEndpoint: countsByEndpoint(),
    });
  });
});

// ---- Admission limits, each test on its own server. ----

describe('admission limits with each client', () => {
  let limited: DemoServer | undefined;
  afterEach(async () => {
    await limited?.shutdown();
    limited = undefined;
  });
  const start = async (limits: Partial<Limits>) => {
    limited = await startTestServer(limits);
    return {port: limited.port, url: `${limited.url.replace('http', 'ws')}/ws/echo`};
  };

  it('per-client cap: 429 with Retry-After for raw and ws, a failed open (1006) for Node’s WebSocket; the rest keep being served', async () => {
    const {port, url} = await start({maxConnectionsPerClient: 3});
    const raw = await rawOpen(port);
    const ws = await wsOpen(url);
    const undici = await undiciOpen(url);

    const rawRefusal = await rawHandshake(port, {path: '/ws/echo', headers: standardHeaders(port, newKey())});
    expect(rawRefusal.connection).toBeNull();
    expect(rawRefusal.response.status).toBe(429);
    expect(Number(findHeader(rawRefusal.response.headers, 'Retry-After'))).toBeGreaterThan(0);
    expect(findHeader(rawRefusal.response.headers, 'Sec-WebSocket-Accept')).toBeUndefined();

    const wsRefused = await wsRefusal(url);
    expect(wsRefused.status).toBe(429);
    expect(Number(wsRefused.headers['retry-after'])).toBeGreaterThan(0);

    // A page's WebSocket is told nothing about why: it sees an error, then an unclean 1006 close.
    const refusedUndici = new globalThis.WebSocket(url);
    const errored = new Promise<boolean>((resolve) =>
      refusedUndici.addEventListener('error', () => resolve(true), {once: true}),
    );
    const refusedClose = await undiciClosed(refusedUndici);
    expect(await errored).toBe(true);
    expect(refusedClose.code).toBe(CLOSE_CODES.abnormalClosure);
    expect(refusedClose.wasClean).toBe(false);

    // Those already admitted are served as before.
    expect(await rawRoundTrip(raw, 'raw')).toBe('raw');
    expect(await wsRoundTrip(ws, 'ws')).toBe('ws');
    expect(await undiciRoundTrip(undici, 'undici')).toBe('undici');

    // Closing one frees its slot.
    const undiciGone = undiciClosed(undici.socket);
    undici.socket.close();
    await undiciGone;
    // The server releases the slot when it sees the close, which may be just after the client does.
    await expect
      .poll(async () => {
        const {response, connection} = await rawHandshake(port, {
          path: '/ws/echo',
          headers: standardHeaders(port, newKey()),
        });
        connection?.destroy();
        return response.status;
      })
      .toBe(101);
    raw.destroy();
    ws.socket.close();
  });

  it('total cap: 503 with Retry-After for the raw client', async () => {
    const {port} = await start({maxConnections: 1});
    const only = await rawOpen(port);
    const {response} = await rawHandshake(port, {path: '/ws/echo', headers: standardHeaders(port, newKey())});
    expect(response.status).toBe(503);
    expect(Number(findHeader(response.headers, 'Retry-After'))).toBeGreaterThan(0);
    only.destroy();
  });

  it('handshake rate: 429 with the seconds until the next handshake is allowed', async () => {
    const {port, url} = await start({handshakesPerMinutePerClient: 2});
    for (let i = 0; i < 2; i++) (await rawOpen(port)).destroy();
    const {response} = await rawHandshake(port, {path: '/ws/echo', headers: standardHeaders(port, newKey())});
    expect(response.status).toBe(429);
    // Two per minute: the next token is (at most) 30 s away.
    const retryAfter = Number(findHeader(response.headers, 'Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect((await wsRefusal(url)).status).toBe(429);
  });
});
