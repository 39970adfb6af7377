/**
 * Reads the raw bytes of a few chosen connections, and of the responses the
 * server writes, for the HTTP inspector.
 *
 * Node's HTTP server normally reads a socket in C++ (the parser consumes the
 * socket's handle), so JavaScript never sees the bytes of a request. A 'data'
 * listener on a socket makes Node hand the reading back to JavaScript
 * (node:_http_server "unconsume"), for that socket only and for good: the
 * parser is then fed from the socket's 'data' events, and this listener,
 * placed first, sees every chunk before the parser does. That costs the one
 * connection a copy per chunk and the JavaScript path, so it is done only to
 * connections an inspection needs, never to the rest.
 *
 * The bytes are cut into requests by a framer (messageFramer.ts); the n-th
 * request Node parses on a tapped connection is the n-th message framed since
 * the tap began, which holds only when the tap began between two requests: so
 * a cut request is checked against what Node parsed before it is shown.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {createMessageFramer} from './messageFramer.ts';

/** How many whole requests a tap keeps, the latest ones: one inspected request is read as soon as it is answered. */
const KEPT_MESSAGES = 4;

export interface ConnectionTap {
  readonly socket: Socket;
  /** The bytes of the request that was the `ordinal`-th on this connection since the tap began, if kept. */
  message(ordinal: number): {bytes: Buffer; whole: boolean} | {bytes: null; reason: string};
  /** Counts a request Node parsed on this connection; returns its ordinal. */
  countRequest(): number;
  /** Stops reading and lets go of everything kept. */
  stop(): void;
  readonly stopped: boolean;
}

/**
 * Starts reading `socket`'s bytes from now on. Call only when no request is
 * under way on it, or the first requests will not line up (and say so).
 */
export function tapConnection(socket: Socket, maxMessageBytes: number, onStop: () => void): ConnectionTap {
  const kept: {ordinal: number; bytes: Buffer}[] = [];
  let framed = 0;
  let requests = 0;
  let stopped = false;
  const framer = createMessageFramer(maxMessageBytes, ({bytes}) => {
    kept.push({ordinal: framed, bytes});
    framed += 1;
    if (kept.length > KEPT_MESSAGES) kept.shift();
  });
  const onData = (chunk: Buffer) => {
    framer.push(chunk);
    if (framer.stopped) stop();
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    socket.off('data', onData);
    socket.off('close', stop);
    kept.length = 0;
    onStop();
  };
  socket.prependListener('data', onData);
  socket.once('close', stop);
  return {
    socket,
    message(ordinal) {
      const whole = kept.find((message) => message.ordinal === ordinal);
      if (whole !== undefined) return {bytes: whole.bytes, whole: true};
      if (framer.stopped) {
        return {
          bytes: null,
          reason: `The request's bytes could not be kept (more than ${maxMessageBytes} bytes, or framing the server could not follow)`,
        };
      }
      if (ordinal === framed && !stopped) return {bytes: framer.current(), whole: false};
      return {bytes: null, reason: 'The request is no longer among the bytes kept of its connection'};
    },
    countRequest: () => {
      requests += 1;
      return requests - 1;
    },
    stop,
    get stopped() {
      return stopped;
    },
  };
}

/**
 * Checks that `bytes` are the request Node parsed as `req`: its request line, after any leading empty lines,
 * must be the method, the target and the version Node read. Returns null when they match, or why not.
 */
export function mismatch(bytes: Buffer, req: Pick<IncomingMessage, 'method' | 'url' | 'httpVersion'>): string | null {
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start += 1;
  const end = bytes.indexOf('\r\n', start, 'latin1');
  const requestLine = bytes.toString('latin1', start, end === -1 ? bytes.length : end);
  const expected = `${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}`;
  return requestLine === expected
    ? null
    : 'The bytes read off this connection do not line up with the request the server parsed (the connection was already under way when the server began reading it)';
}

/**
 * A copy of a request's bytes with the value of every `Cookie` field line replaced by as many `*`: the record goes
 * to a page's script, and an `HttpOnly` cookie is one script must never read (RFC 6265 §4.1.2.6). Lengths and
 * every other byte are kept. Returns the bytes and whether anything was withheld.
 */
export function withholdCookies(bytes: Buffer): {bytes: Buffer; withheld: boolean} {
  const headEnd = bytes.indexOf('\r\n\r\n', 0, 'latin1');
  const end = headEnd === -1 ? bytes.length : headEnd;
  let copy: Buffer | null = null;
  const firstLineEnd = bytes.indexOf('\r\n', 0, 'latin1');
  let lineStart = firstLineEnd === -1 ? end : firstLineEnd + 2;
  while (lineStart < end) {
    let lineEnd = bytes.indexOf('\r\n', lineStart, 'latin1');
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const colon = bytes.indexOf(':', lineStart, 'latin1');
    if (colon !== -1 && colon < lineEnd && bytes.toString('latin1', lineStart, colon).toLowerCase() === 'cookie') {
      copy ??= Buffer.from(bytes);
      copy.fill('*', colon + 1, lineEnd, 'latin1');
    }
    lineStart = lineEnd + 2;
  }
  return {bytes: copy ?? bytes, withheld: copy !== null};
}

/**
 * Keeps the bytes written onto `res`'s socket for this response, exactly as
 * written (status line, header lines, empty line, body and any chunk framing
 * and trailer), up to `maxBytes`. With pipelined requests Node writes a later
 * response only once it is the socket's own (`res.socket`), so bytes of an
 * earlier response are not taken for this one's.
 */
export function captureResponse(res: ServerResponse, maxBytes: number): () => {bytes: Buffer; truncated: boolean} {
  const socket = res.req.socket;
  const parts: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let done = false;
  // Kept unbound on purpose: it is called back with the socket as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originalWrite = socket.write;
  const tappedWrite = function (this: Socket, ...args: Parameters<Socket['write']>): boolean {
    if (!done && res.socket === socket) {
      const [chunk, encoding] = args;
      const bytes =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
          : Buffer.from(chunk);
      if (size + bytes.length > maxBytes) truncated = true;
      else {
        parts.push(bytes);
        size += bytes.length;
      }
    }
    return originalWrite.apply(this, args);
  } as Socket['write'];
  socket.write = tappedWrite;
  const finish = () => {
    done = true;
    if (socket.write === tappedWrite) socket.write = originalWrite;
  };
  res.once('finish', finish);
  res.once('close', finish);
  return () => ({bytes: Buffer.concat(parts, size), truncated});
}
