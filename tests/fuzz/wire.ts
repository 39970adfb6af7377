/**
 * The fuzzer's clients: raw TCP, so that any bytes at all can be sent (a
 * malformed request line, a header Node's own client would refuse to write, a
 * frame with the wrong mask bit), and whatever comes back is read as the
 * bytes it is, then split into HTTP responses or WebSocket frames.
 */
import {connect, type Socket} from 'node:net';

export interface HttpAnswer {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The body ended before its declared length, or a stream was still open at the deadline. */
  cut: boolean;
}

export interface Exchange {
  /** Every byte the server sent. */
  raw: Buffer;
  answers: HttpAnswer[];
  /** The server closed the connection (rather than the deadline ending the exchange). */
  closedByServer: boolean;
  timedOut: boolean;
  /** A socket error (ECONNRESET, say), if one ended the exchange. */
  error: string | null;
  elapsedMs: number;
}

export interface ExchangeOptions {
  /** How long to wait for the server to finish; the connection is then cut. */
  deadlineMs: number;
  /**
   * Once an answer is complete, how long to wait for more (answers to
   * pipelined requests) before ending the exchange; without it, the exchange
   * lasts until the server closes the connection or the deadline.
   */
  settleMs?: number;
  /** Close our writing side after sending, as a client with nothing more to say does. */
  endAfterWrite?: boolean;
  /** Stop as soon as this many answers have a complete head (for streams that never end). */
  headsWanted?: number;
  /** Pieces written apart, this long between them (to split a head across TCP segments). */
  pieceGapMs?: number;
  /** The request is a HEAD: its answer has no body whatever its Content-Length says. */
  head?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `pieces` on a fresh connection and reads until the server closes or the deadline passes. */
export function exchange(port: number, pieces: readonly Buffer[], options: ExchangeOptions): Promise<Exchange> {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | null = null;
    let timedOut = false;
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(settleTimer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      resolve({
        raw,
        answers: parseAnswers(raw, options.head),
        closedByServer,
        timedOut,
        error,
        elapsedMs: Date.now() - startedAt,
      });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      finish(false);
    }, options.deadlineMs);
    let settleTimer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const answers = parseAnswers(Buffer.concat(chunks), options.head);
      if (options.headsWanted !== undefined && answers.length >= options.headsWanted) return finish(false);
      const last = answers.at(-1);
      if (options.settleMs !== undefined && last !== undefined && !last.cut && last.status >= 200) {
        clearTimeout(settleTimer);
        settleTimer = setTimeout(() => finish(false), options.settleMs);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    socket.on('close', () => finish(true));
    socket.once('connect', () => {
      void (async () => {
        for (const [index, piece] of pieces.entries()) {
          if (!socket.writable) return;
          if (index > 0 && options.pieceGapMs) await sleep(options.pieceGapMs);
          socket.write(piece);
        }
        if (options.endAfterWrite && socket.writable) socket.end();
      })();
    });
  });
}

/** Splits the bytes a server sent into HTTP/1.1 responses, as far as they go; the first answers a HEAD when `head`. */
export function parseAnswers(raw: Buffer, head = false): HttpAnswer[] {
  const answers: HttpAnswer[] = [];
  let offset = 0;
  while (offset < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', offset);
    if (headEnd === -1) break;
    const [statusLine = '', ...lines] = raw.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
    if (status === undefined) break;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    let position = headEnd + 4;
    const code = Number(status);
    // 1xx answers are interim (a 100 Continue before the answer): the first final one answers the HEAD.
    const final = answers.filter((answer) => answer.status >= 200).length === 0 && code >= 200;
    const bodiless = (head && final) || code === 204 || code === 304 || (code >= 100 && code < 200);
    let body: Buffer = Buffer.alloc(0);
    let cut = false;
    if (bodiless) {
      // nothing
    } else if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      const pieces: Buffer[] = [];
      cut = true;
      for (;;) {
        const lineEnd = raw.indexOf('\r\n', position);
        if (lineEnd === -1) break;
        const size = Number.parseInt(raw.subarray(position, lineEnd).toString('latin1'), 16);
        if (!Number.isFinite(size) || raw.length < lineEnd + 2 + size + 2) break;
        pieces.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
        position = lineEnd + 2 + size + 2;
        if (size === 0) {
          cut = false;
          break;
        }
      }
      body = Buffer.concat(pieces);
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      body = raw.subarray(position, position + length);
      cut = body.length < length;
      position += body.length;
    } else {
      body = raw.subarray(position);
      position = raw.length;
    }
    answers.push({status: code, headers, body, cut});
    if (cut) break;
    offset = position;
  }
  return answers;
}

export interface WsFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  payload: Buffer;
}

export interface WsSession {
  /** The handshake's answer (101, or the refusal with its body). */
  handshake: HttpAnswer | null;
  /** Frames the server sent after a 101. */
  frames: WsFrame[];
  /** The status code of the server's close frame, if it sent one (1005 when it carried none). */
  closeCode: number | null;
  closeReason: string;
  closedByServer: boolean;
  timedOut: boolean;
  error: string | null;
  elapsedMs: number;
}

/** Splits server-to-client frames (never masked) off the front of `buffer`. */
export function parseFrames(buffer: Buffer): {frames: WsFrame[]; rest: Buffer} {
  const frames: WsFrame[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const byte0 = buffer.readUInt8(offset);
    const byte1 = buffer.readUInt8(offset + 1);
    let length = byte1 & 0x7f;
    let head = 2;
    if (length === 126) {
      if (buffer.length - offset < 4) break;
      length = buffer.readUInt16BE(offset + 2);
      head = 4;
    } else if (length === 127) {
      if (buffer.length - offset < 10) break;
      length = Number(buffer.readBigUInt64BE(offset + 2));
      head = 10;
    }
    if (byte1 & 0x80) head += 4;
    if (buffer.length - offset < head + length) break;
    frames.push({
      fin: (byte0 & 0x80) !== 0,
      rsv: (byte0 >> 4) & 0x07,
      opcode: byte0 & 0x0f,
      payload: buffer.subarray(offset + head, offset + head + length),
    });
    offset += head + length;
  }
  return {frames, rest: buffer.subarray(offset)};
}

/**
 * Opens a WebSocket by hand: writes `handshake`, and after a 101 writes
 * `frames` (in separate writes `gapMs` apart when asked), then reads frames
 * until the server closes, `settleMs` passes with nothing new after the last
 * write, or the deadline.
 */
export function wsSession(
  port: number,
  handshake: Buffer,
  frames: readonly Buffer[],
  options: {deadlineMs: number; settleMs: number; gapMs?: number},
): Promise<WsSession> {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received: Buffer = Buffer.alloc(0);
    let answer: HttpAnswer | null = null;
    const got: WsFrame[] = [];
    let error: string | null = null;
    let timedOut = false;
    let settled = false;
    let settleTimer: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(settleTimer);
      socket.destroy();
      const close = got.find((frame) => frame.opcode === 0x8);
      resolve({
        handshake: answer ?? parseAnswers(received)[0] ?? null,
        frames: got,
        closeCode: close === undefined ? null : close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005,
        closeReason: close === undefined ? '' : close.payload.subarray(2).toString('utf8'),
        closedByServer,
        timedOut,
        error,
        elapsedMs: Date.now() - startedAt,
      });
    };
    const deadline = setTimeout(() => {
      timedOut = true;
      finish(false);
    }, options.deadlineMs);
    const settle = () => {
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => finish(false), options.settleMs);
    };
    const sendFrames = async () => {
      for (const [index, frame] of frames.entries()) {
        if (!socket.writable) return;
        if (index > 0 && options.gapMs) await sleep(options.gapMs);
        socket.write(frame);
      }
      settle();
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (answer === null) {
        const end = received.indexOf('\r\n\r\n');
        if (end === -1) return;
        const [head] = parseAnswers(Buffer.concat([received.subarray(0, end + 4)]));
        if (head === undefined) return finish(false);
        if (head.status !== 101) return; // a refusal: read its body until the server closes
        answer = head;
        received = received.subarray(end + 4);
        void sendFrames();
      }
      const {frames: parsed, rest} = parseFrames(received);
      received = rest;
      got.push(...parsed);
      if (parsed.length > 0 && settleTimer !== undefined) settle();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    socket.on('close', () => finish(true));
    socket.once('connect', () => socket.write(handshake));
  });
}
