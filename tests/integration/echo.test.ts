/** `/ws/echo` and the message bounds, from three independent clients. */
import {randomBytes} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {parseInspectMessage} from '../../demo-server/src/contract/inspect.ts';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import {MESSAGE_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {newKey, OPCODES, rawHandshake, standardHeaders, type RawConnection} from './support/rfc6455Client.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer;
let wsUrl: string;
beforeAll(async () => {
  server = await startTestServer();
  wsUrl = server.url.replace('http', 'ws');
});
afterAll(() => server.shutdown());

async function rawOpen(path = '/ws/echo'): Promise<RawConnection> {
  const {response, connection} = await rawHandshake(server.port, {
    path,
    headers: standardHeaders(server.port, newKey()),
  });
  expect(response.status).toBe(101);
  return connection!;
}

function wsOpen(path = '/ws/echo'): Promise<WebSocket> {
  const socket = new WebSocket(`${wsUrl}${path}`);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function wsNext(socket: WebSocket): Promise<{data: Buffer; isBinary: boolean}> {
  return new Promise((resolve) =>
    socket.once('message', (data, isBinary) => resolve({data: data as Buffer, isBinary})),
  );
}

function wsClosed(socket: WebSocket): Promise<{code: number; reason: string}> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({code, reason: reason.toString()})));
}

function undiciOpen(path = '/ws/echo'): Promise<globalThis.WebSocket> {
  const socket = new globalThis.WebSocket(`${wsUrl}${path}`);
  socket.binaryType = 'arraybuffer';
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(socket), {once: true});
    socket.addEventListener('error', () => reject(new Error('undici WebSocket failed to open')), {once: true});
  });
}

function undiciNext(socket: globalThis.WebSocket): Promise<MessageEvent> {
  return new Promise((resolve) => socket.addEventListener('message', resolve, {once: true}));
}

function undiciClosed(socket: globalThis.WebSocket): Promise<CloseEvent> {
  return new Promise((resolve) => socket.addEventListener('close', resolve, {once: true}));
}

describe('echo — raw RFC 6455 client', () => {
  it('returns text as the same text and binary as the same bytes, unmasked', async () => {
    const connection = await rawOpen();
    connection.send(OPCODES.text, 'héllo, wire ✓');
    expect(await connection.nextDataFrame()).toMatchObject({fin: true, opcode: OPCODES.text, masked: false});
    const bytes = randomBytes(300);
    connection.send(OPCODES.binary, bytes);
    const frame = await connection.nextDataFrame();
    expect(frame?.opcode).toBe(OPCODES.binary);
    expect(frame?.payload.equals(bytes)).toBe(true);
    connection.destroy();
  });

  it('answers a ping with a pong carrying the same payload', async () => {
    const connection = await rawOpen();
    connection.send(OPCODES.ping, 'are you there?');
    const frame = await connection.nextDataFrame();
    expect(frame?.opcode).toBe(OPCODES.pong);
    expect(frame?.payload.toString()).toBe('are you there?');
    connection.destroy();
  });

  it('answers a close with a close carrying the same code, then ends the connection', async () => {
    const connection = await rawOpen();
    connection.sendClose(CLOSE_CODES.normal, 'bye');
    const frame = await connection.nextDataFrame();
    expect(frame?.opcode).toBe(OPCODES.close);
    expect(frame?.payload.readUInt16BE(0)).toBe(CLOSE_CODES.normal);
    await connection.ended;
  });

  it('reassembles a fragmented message (text frame, then continuation with FIN)', async () => {
    const connection = await rawOpen();
    connection.send(OPCODES.text, 'frag', {fin: false});
    connection.send(OPCODES.continuation, 'mented', {fin: true});
    expect((await connection.nextDataFrame())?.payload.toString()).toBe('fragmented');
    connection.destroy();
  });

  it('closes with 1002 when a client frame is not masked (RFC 6455 §5.1), and keeps serving others', async () => {
    const connection = await rawOpen();
    connection.send(OPCODES.text, 'no mask', {mask: false});
    const frame = await connection.nextDataFrame();
    expect(frame?.opcode).toBe(OPCODES.close);
    expect(frame?.payload.readUInt16BE(0)).toBe(CLOSE_CODES.protocolError);
    await connection.ended;

    const other = await rawOpen();
    other.send(OPCODES.text, 'still here');
    expect((await other.nextDataFrame())?.payload.toString()).toBe('still here');
    other.destroy();
  });
});

describe('echo — the ws library', () => {
  it('echoes text and binary, answers pings, closes cleanly', async () => {
    const socket = await wsOpen();
    socket.send('plain text');
    expect(await wsNext(socket)).toEqual({data: Buffer.from('plain text'), isBinary: false});
    const bytes = randomBytes(1024);
    socket.send(bytes);
    const echoed = await wsNext(socket);
    expect(echoed.isBinary).toBe(true);
    expect(echoed.data.equals(bytes)).toBe(true);

    const pong = new Promise<Buffer>((resolve) => socket.once('pong', resolve));
    socket.ping('ping payload');
    expect((await pong).toString()).toBe('ping payload');

    const closed = wsClosed(socket);
    socket.close(CLOSE_CODES.normal, 'done');
    expect((await closed).code).toBe(CLOSE_CODES.normal);
  });

  it(`echoes a message of exactly ${MESSAGE_LIMITS.echoMaxMessageBytes} bytes and closes with 1009 past it`, async () => {
    const socket = await wsOpen();
    const atLimit = randomBytes(MESSAGE_LIMITS.echoMaxMessageBytes);
    socket.send(atLimit);
    expect((await wsNext(socket)).data.equals(atLimit)).toBe(true);

    const closed = wsClosed(socket);
    socket.send(randomBytes(MESSAGE_LIMITS.echoMaxMessageBytes + 1));
    expect((await closed).code).toBe(CLOSE_CODES.messageTooBig);
  });
});

describe('echo — Node’s built-in WebSocket (undici)', () => {
  it('echoes text and binary', async () => {
    const socket = await undiciOpen();
    socket.send('from undici');
    expect((await undiciNext(socket)).data).toBe('from undici');
    const bytes = randomBytes(200);
    socket.send(bytes);
    const echoed = (await undiciNext(socket)).data as ArrayBuffer;
    expect(Buffer.from(echoed).equals(bytes)).toBe(true);
    const closed = undiciClosed(socket);
    socket.close(CLOSE_CODES.normal);
    expect((await closed).code).toBe(CLOSE_CODES.normal);
  });

  it('sees close code 1009 after an oversized message', async () => {
    const socket = await undiciOpen();
    const closed = undiciClosed(socket);
    socket.send(new Uint8Array(MESSAGE_LIMITS.echoMaxMessageBytes + 1));
    expect((await closed).code).toBe(CLOSE_CODES.messageTooBig);
  });

  it('gets echo envelopes on /ws/inspect after the report', async () => {
    const socket = await undiciOpen('/ws/inspect');
    // Several messages can arrive in one tick: queue them all from one listener.
    const queue: string[] = [];
    const waiters: Array<(text: string) => void> = [];
    socket.addEventListener('message', (event) => {
      const text = String(event.data);
      const waiter = waiters.shift();
      if (waiter) waiter(text);
      else queue.push(text);
    });
    const next = () => {
      const queued = queue.shift();
      return queued !== undefined ? Promise.resolve(queued) : new Promise<string>((resolve) => waiters.push(resolve));
    };
    /** The next message that is not a frame report. */
    const nextNonFrame = async () => {
      for (;;) {
        const message = parseInspectMessage(await next());
        if (message?.type !== 'frame') return message;
      }
    };
    expect((await nextNonFrame())?.type).toBe('handshake');
    socket.send(new Uint8Array([0, 1, 2, 255]));
    const envelope = await nextNonFrame();
    expect(envelope).toMatchObject({
      type: 'echo',
      binary: true,
      size: 4,
      data: Buffer.from([0, 1, 2, 255]).toString('base64'),
    });
    socket.send('text too');
    expect(await nextNonFrame()).toMatchObject({
      type: 'echo',
      binary: false,
      size: 8,
      data: 'text too',
    });
    socket.close();
  });
});
