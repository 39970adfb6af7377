/**
 * A deliberately small WebSocket client written from RFC 6455 for the tests,
 * over a raw TCP socket: it sends exactly the handshake bytes a test chooses
 * (header order and case included), reads the server's response head as
 * bytes, and speaks frames by hand (§5.2). No WebSocket library is involved,
 * so the server is checked against the RFC, not against `ws` talking to `ws`.
 */
import {randomBytes} from 'node:crypto';
import {connect, type Socket} from 'node:net';
import type {HeaderList} from '../../../demo-server/src/contract/websocket.ts';

export const OPCODES = {continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa} as const;

export interface Frame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

export interface RawResponse {
  statusLine: string;
  status: number;
  headers: HeaderList;
  /** Body bytes of a refusal (empty after a 101). */
  body: string;
}

export interface HandshakeRequest {
  path: string;
  /** Sent in this order and letter case. */
  headers: HeaderList;
  method?: string;
  httpVersion?: string;
}

/** A fresh `Sec-WebSocket-Key`: 16 random bytes, base64 (§4.1 item 7). */
export function newKey(): string {
  return randomBytes(16).toString('base64');
}

/** The usual handshake headers, in the order a test can rely on. */
export function standardHeaders(port: number, key: string, extra: HeaderList = []): HeaderList {
  return [
    ['Host', `127.0.0.1:${port}`],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', key],
    ['Sec-WebSocket-Version', '13'],
    ...extra,
  ];
}

/** Encodes one frame. Clients must mask (§5.3); `mask: false` exists to test that the server refuses it. */
export function encodeFrame(opcode: number, payload: Buffer, {fin = true, mask = true} = {}): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const head = Buffer.alloc(2 + lengthBytes + (mask ? 4 : 0));
  head[0] = (fin ? 0x80 : 0) | opcode;
  head[1] = (mask ? 0x80 : 0) | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) head.writeUInt16BE(length, 2);
  if (lengthBytes === 8) head.writeBigUInt64BE(BigInt(length), 2);
  if (!mask) return Buffer.concat([head, payload]);
  const maskingKey = randomBytes(4);
  maskingKey.copy(head, 2 + lengthBytes);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ maskingKey[i % 4]!;
  return Buffer.concat([head, masked]);
}

/** Decodes the first complete frame in `buffer`, or returns null if more bytes are needed. */
export function decodeFrame(buffer: Buffer): {frame: Frame; size: number} | null {
  if (buffer.length < 2) return null;
  const fin = (buffer[0]! & 0x80) !== 0;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskingKey = masked ? buffer.subarray(offset, offset + 4) : null;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return null;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (maskingKey) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ maskingKey[i % 4]!;
  return {frame: {fin, opcode, masked, payload}, size: offset + length};
}

function parseHead(head: string): Omit<RawResponse, 'body'> {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: HeaderList = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return {statusLine, status: Number(statusLine.split(' ')[1]), headers};
}

/** An open connection after a 101: frames in, frames out. */
export class RawConnection {
  readonly #socket: Socket;
  #buffer: Buffer;
  readonly #frames: Frame[] = [];
  readonly #waiting: Array<(frame: Frame | null) => void> = [];
  #ended = false;
  readonly ended: Promise<void>;

  constructor(socket: Socket, leftover: Buffer) {
    this.#socket = socket;
    this.#buffer = leftover;
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    socket.once('close', () => {
      this.#ended = true;
      for (const resolve of this.#waiting.splice(0)) resolve(null);
    });
    this.#drain();
  }

  #drain(): void {
    for (let decoded = decodeFrame(this.#buffer); decoded; decoded = decodeFrame(this.#buffer)) {
      this.#buffer = this.#buffer.subarray(decoded.size);
      const waiter = this.#waiting.shift();
      if (waiter) waiter(decoded.frame);
      else this.#frames.push(decoded.frame);
    }
  }

  /** The next frame from the server; null once the connection has closed. */
  nextFrame(): Promise<Frame | null> {
    const queued = this.#frames.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#ended) return Promise.resolve(null);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** The next frame that is not a ping (the server's heartbeat may interleave). */
  async nextDataFrame(): Promise<Frame | null> {
    for (;;) {
      const frame = await this.nextFrame();
      if (frame?.opcode !== OPCODES.ping) return frame;
    }
  }

  /** Sends one frame; returns its bytes exactly as written. */
  send(opcode: number, payload: Buffer | string, options?: {fin?: boolean; mask?: boolean}): Buffer {
    const bytes = encodeFrame(opcode, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), options);
    this.#socket.write(bytes);
    return bytes;
  }

  /** Writes raw bytes (a deliberately broken frame, say). */
  write(bytes: Buffer): void {
    this.#socket.write(bytes);
  }

  /** Sends a close frame with a status code and reason (§5.5.1). */
  sendClose(code: number, reason = ''): void {
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.send(OPCODES.close, payload);
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

/**
 * Opens a TCP connection, writes the request head exactly as given, and reads
 * the response head. On 101 the connection stays open for frames.
 */
export function rawHandshake(
  port: number,
  request: HandshakeRequest,
): Promise<{response: RawResponse; connection: RawConnection | null}> {
  const {path, headers, method = 'GET', httpVersion = '1.1'} = request;
  const head = [`${method} ${path} HTTP/${httpVersion}`, ...headers.map(([name, value]) => `${name}: ${value}`)].join(
    '\r\n',
  );
  return rawExchange(port, Buffer.from(`${head}\r\n\r\n`));
}

/** Writes arbitrary bytes (a malformed request, say) and reads the response as `rawHandshake` does. */
export function rawExchange(
  port: number,
  bytes: Buffer,
): Promise<{response: RawResponse; connection: RawConnection | null}> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    socket.setTimeout(5_000, () => socket.destroy(new Error('No response within 5 s')));
    socket.once('error', (error) => {
      if (!settled) reject(error);
    });
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      const parsed = parseHead(received.subarray(0, end).toString('latin1'));
      const rest = received.subarray(end + 4);
      if (parsed.status === 101) {
        settled = true;
        socket.off('data', onData);
        socket.setTimeout(0);
        resolve({response: {...parsed, body: ''}, connection: new RawConnection(socket, rest)});
        return;
      }
      // A refusal: read the body to the end of the connection.
      socket.off('data', onData);
      const chunks: Buffer[] = [rest];
      socket.on('data', (more: Buffer) => chunks.push(more));
      socket.once('close', () => {
        settled = true;
        resolve({response: {...parsed, body: Buffer.concat(chunks).toString('utf8')}, connection: null});
      });
    };
    socket.on('data', onData);
    socket.once('connect', () => socket.write(bytes));
  });
}
