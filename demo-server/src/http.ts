/**
 * Small helpers for reading HTTP requests and writing answers: bodies read up
 * to a bound, problem details (RFC 9457), refusals written straight onto a raw
 * socket (before an upgrade, or where Node's parser gave up), and a 500 for
 * one client when a handler fails.
 */
import {STATUS_CODES, type IncomingMessage, type ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import type {ProblemDetails} from './contract/rest.ts';

/** The base a request-target in origin-form is parsed against (its host is never used). */
const TARGET_BASE = 'http://demo-server.invalid';

/**
 * A path the URL parser gives back as it is: one leading slash (`//host` would be a network path), then
 * only characters it neither decodes, encodes nor removes, and no dot to make a `.` or `..` segment of.
 */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9_~/-]*$/;

/**
 * The path of a request-target, without its query; origin-form and absolute-form alike. Every request
 * asks for it, and almost every path is plain: those are read without building a URL.
 */
export function pathOf(requestTarget: string | undefined): string {
  const target = requestTarget ?? '/';
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  if (PLAIN_PATH.test(path)) return path;
  try {
    return new URL(target, TARGET_BASE).pathname;
  } catch {
    return target;
  }
}

/** The parameters of a request's query, as `URL.searchParams` reads them; no one may change them. */
export interface QueryParams {
  get(name: string): string | null;
}

const NO_QUERY: QueryParams = {get: () => null};
/** Each request's query, parsed at most once however many modules read it (the URL it was parsed from beside it). */
const parsedQueries = new WeakMap<Pick<IncomingMessage, 'url'>, {target: string; params: URLSearchParams}>();

/**
 * The query parameters of a request. A target with no `?` has none, and costs no parsing; otherwise the
 * target is parsed once for the request, and every later read is a lookup.
 * @throws TypeError for a target the URL parser refuses, as `new URL` does.
 */
export function queryOf(req: Pick<IncomingMessage, 'url'>): QueryParams {
  const target = req.url ?? '/';
  if (!target.includes('?')) return NO_QUERY;
  const parsed = parsedQueries.get(req);
  if (parsed !== undefined && parsed.target === target) return parsed.params;
  const params = new URL(target, TARGET_BASE).searchParams;
  parsedQueries.set(req, {target, params});
  return params;
}

export function problem(status: number, detail: string): ProblemDetails {
  return {type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail};
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  sendJsonText(res, status, JSON.stringify(body), headers, contentType);
}

/**
 * The header fields of a JSON answer with this body. An answer written to many responses builds them once:
 * Node checks and copies every field of every response, and constant strings are the cheapest to check.
 */
export function jsonHeaders(text: string | Buffer, contentType = 'application/json'): Record<string, string> {
  return {
    'Content-Type': `${contentType}; charset=utf-8`,
    'Content-Length': String(typeof text === 'string' ? Buffer.byteLength(text) : text.length),
    'Cache-Control': 'no-store',
  };
}

/** `sendJson` for a body already serialised. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string | Buffer,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  res.writeHead(status, {...jsonHeaders(text, contentType), ...headers});
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, problem(status, detail), headers, 'application/problem+json');
}

/**
 * How long a refused connection lingers after its answer before it is
 * destroyed: long enough for a client still sending to read the answer
 * rather than a reset, short enough to hold nothing for long.
 */
const LINGER_MS = 2_000;

/**
 * A whole HTTP response carrying problem details, as text to write straight
 * onto a socket that has no ServerResponse: a refused WebSocket handshake, or
 * a request Node's parser could not read. `Connection: close` always: the
 * connection ends after it.
 */
export function rawProblemResponse(status: number, detail: string, headers: Record<string, string> = {}): string {
  const body = JSON.stringify(problem(status, detail));
  // A 426 names the protocol to upgrade to, and a sender of Upgrade lists it
  // in Connection too (RFC 9110 §15.5.22, §7.8).
  const connection = 'Upgrade' in headers ? 'Upgrade, close' : 'close';
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    `Connection: ${connection}`,
    'Content-Type: application/problem+json; charset=utf-8',
    'Cache-Control: no-store',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Answers a WebSocket handshake that will not be upgraded with problem
 * details saying why (readable in curl or the browser's network panel; a
 * page's script sees only a failed connection), then closes the connection.
 */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(status, message, headers));
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** A Host value: an IP literal in brackets, or a name or IPv4 address, then an optional port (RFC 3986 §3.2.2). */
const HOST_VALUE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%!$&'()*+,;=-]*)(?::\d*)?$/;

/**
 * What is wrong with a request's Host field, or null: RFC 9112 §3.2 has a
 * server answer 400 to an HTTP/1.1 request with no Host field, with more than
 * one, or with an invalid value (Node's own check answers a bare 400 with no
 * body, and lets two Host lines through).
 */
export function hostProblem(req: Pick<IncomingMessage, 'httpVersion' | 'rawHeaders'>): string | null {
  // Read on every request: no array of values, and a name is lower-cased only when it is as long as "Host".
  let host: string | undefined;
  let count = 0;
  const {rawHeaders} = req;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (name.length !== 4 || name.toLowerCase() !== 'host') continue;
    count += 1;
    host ??= rawHeaders[i + 1] ?? '';
  }
  if (host === undefined) {
    return req.httpVersion === '1.0' ? null : 'An HTTP/1.1 request names its host in a Host header (RFC 9112 §3.2)';
  }
  if (count > 1) return `A request has one Host header, not ${count} (RFC 9112 §3.2)`;
  if (!HOST_VALUE.test(host)) return `"${excerpt(host)}" is not a host (RFC 9112 §3.2)`;
  return null;
}

/** Longest part of a client's input repeated in an answer or a log line. */
const MAX_ECHOED_CHARS = 200;

/** A client's text, cut to a length safe to repeat in an answer or a log line. */
export function excerpt(text: string, maxChars = MAX_ECHOED_CHARS): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… (${text.length} characters)`;
}

/**
 * Answers 413 and closes the connection without losing the answer. Node
 * ends a `Connection: close` response's socket with `destroySoon()` as soon as
 * the answer is written; with the client still sending its body, that close
 * resets the connection, and a client busy writing can lose the answer
 * unread. So this connection closes as servers have long done it ("lingering
 * close", RFC 9112 §9.6): the write side is closed after the answer, what the
 * client still sends is read and thrown away for at most LINGER_MS, and then
 * the socket is destroyed. Nothing is kept, and the time is bounded.
 */
export function refuseBody(req: IncomingMessage, res: ServerResponse, detail: string): void {
  const {socket} = req;
  // destroySoon is what node:_http_server calls to close a socket whose last response is written.
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  req.resume();
  sendProblem(res, 413, detail, {Connection: 'close'});
}

/**
 * Reads a request body of at most `maxBytes`. A body declared or found to be
 * larger is refused the moment that is known: nothing more of it is kept, the
 * client is answered 413, and the connection closes (see refuseBody).
 * Resolves to the body, or to undefined when the request was answered here
 * (413) or the client went away before sending all of it.
 */
export function readBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const refuse = () => {
      refuseBody(req, res, `The body is larger than ${maxBytes} bytes`);
      resolve(undefined);
    };
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) {
      refuse();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        chunks.length = 0;
        refuse();
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    // 'close' before 'end': the client went away mid-body; there is no one to answer.
    req.once('close', () => resolve(undefined));
  });
}

/**
 * Answers a request whose handler threw (or whose promise rejected) with a
 * 500 to that client alone, or cuts its connection when the answer had
 * already begun. The process carries on serving everyone else.
 */
export function answerFailure(res: ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  try {
    // A header the failed handler set (a Trailer on a HEAD, a length for a body it never wrote) may make the
    // problem answer throw in turn, and a throw here would end the process: only the CORS fields stay.
    for (const name of res.getHeaderNames()) if (!KEPT_ON_FAILURE.has(name)) res.removeHeader(name);
    sendProblem(res, 500, 'The demo server failed to answer this request');
  } catch {
    res.destroy();
  }
}

/** The fields a 500 keeps of those set before the failure: the page may read the problem (Fetch's CORS check). */
const KEPT_ON_FAILURE: ReadonlySet<string> = new Set(['access-control-allow-origin', 'vary']);

export interface ParserBounds {
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * What to answer a request Node's HTTP parser refused or timed out (its
 * 'clientError'), by the error's code; null when the client already reset
 * the connection and there is no one to answer.
 */
export function clientErrorRefusal(
  error: NodeJS.ErrnoException & {reason?: string},
  bounds: ParserBounds,
): {status: number; detail: string} | null {
  switch (error.code) {
    case 'ECONNRESET':
      return null;
    case 'HPE_HEADER_OVERFLOW':
      return {status: 431, detail: `The request line and headers are larger than ${bounds.maxHeaderBytes} bytes`};
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        detail: `The request came too slowly: its headers must arrive within ${bounds.headersTimeoutMs / 1000} s and all of it within ${bounds.requestTimeoutMs / 1000} s`,
      };
    default:
      return {status: 400, detail: `This is not a valid HTTP/1.1 request: ${excerpt(error.reason ?? error.message)}`};
  }
}

/** Sockets being closed after their refusal: the parser errors again on what still arrives, and is ignored. */
const refusedSockets = new WeakSet<Duplex>();

/**
 * Answers a request Node's parser refused or timed out (its 'clientError')
 * with problem details written onto the socket, then closes the connection:
 * at once after a timeout (the client is slow, not busy sending), after
 * LINGER_MS otherwise, so a client still sending sees the answer. Returns the
 * refusal made, or null when there was no one to answer or nothing to add.
 */
export function answerClientError(
  error: NodeJS.ErrnoException & {reason?: string},
  socket: Duplex,
  bounds: ParserBounds,
): {status: number; detail: string} | null {
  if (refusedSockets.has(socket)) return null;
  const refusal = clientErrorRefusal(error, bounds);
  if (refusal === null || !socket.writable || responseUnderWay(socket)) {
    socket.destroy();
    return null;
  }
  refusedSockets.add(socket);
  socket.end(rawProblemResponse(refusal.status, refusal.detail));
  if (refusal.status === 408) socket.once('finish', () => socket.destroy());
  else setTimeout(() => socket.destroy(), LINGER_MS).unref();
  return refusal;
}

/**
 * Whether a response has begun on this socket (an earlier request on the same
 * keep-alive connection): bytes written now would land inside it.
 */
export function responseUnderWay(socket: Duplex): boolean {
  // `_httpMessage` is the response Node's HTTP server has in flight on the socket; node:_http_server
  // makes this same check before it writes its own 400 to a client whose request it could not parse.
  const inFlight = (socket as Duplex & {_httpMessage?: {headersSent?: boolean} | null})._httpMessage;
  return inFlight?.headersSent === true;
}
