/**
 * The HTTP inspector (`/http/inspect/…`): the bytes of a request the reader's browser sent, exactly as the
 * server read them off the TCP socket, and of the response exactly as the server wrote them. A page creates an
 * inspection (choosing how the response is framed), sends its request under the inspection's target, then reads
 * the record.
 */
import * as s from './schema.ts';
import {HTTP_INSPECT_LIMITS} from '../limits.ts';

/** How the response body is delimited (RFC 9112 §6.3): a `Content-Length`, or the chunked transfer coding (§7.1). */
export const HTTP_INSPECT_FRAMINGS = ['content-length', 'chunked'] as const;
export type HttpInspectFraming = (typeof HTTP_INSPECT_FRAMINGS)[number];

/** Whether the server keeps the connection open after its response or closes it (RFC 9112 §9.3, §9.6). */
export const HTTP_INSPECT_CONNECTIONS = ['keep-alive', 'close'] as const;
export type HttpInspectConnection = (typeof HTTP_INSPECT_CONNECTIONS)[number];

/** The methods an inspected request may use (OPTIONS is the browser's preflight, answered too). */
export const HTTP_INSPECT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpInspectMethod = (typeof HTTP_INSPECT_METHODS)[number];

/** The trailer field a chunked response carries when asked to (declared in its `Trailer` header, RFC 9110 §6.6.2). */
export const HTTP_INSPECT_TRAILER_FIELD = 'Server-Timing';

/** An inspection's id: 16 characters of the base64url alphabet, made by the server. */
export const HTTP_INSPECT_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

/** How the server answers the inspected request: the query of `POST /http/inspect/sessions`. */
export const HttpInspectOptions = s.object({
  framing: s.oneOf(HTTP_INSPECT_FRAMINGS),
  chunks: s.integer({
    minimum: 1,
    maximum: HTTP_INSPECT_LIMITS.maxChunks,
    description: 'Chunks the response body is written in (chunked framing only)',
  }),
  trailer: s.boolean({
    description: `Whether a chunked response ends with a ${HTTP_INSPECT_TRAILER_FIELD} trailer field`,
  }),
  connection: s.oneOf(HTTP_INSPECT_CONNECTIONS),
});
export type HttpInspectOptions = s.Infer<typeof HttpInspectOptions>;

/** Body of a 201 from `POST /http/inspect/sessions`. */
export const HttpInspection = s.object({
  id: s.string({pattern: HTTP_INSPECT_ID_PATTERN.source}),
  target: s.string({description: 'The path to send the inspected request under (any path below it)'}),
  record: s.string({description: 'Where to read the record once the request is answered'}),
  expiresAt: s.number({description: 'Server clock after which the inspection and its record are gone'}),
  options: HttpInspectOptions,
});
export type HttpInspection = s.Infer<typeof HttpInspection>;

/** One request under the inspection's target and its response, as bytes. */
export const HttpInspectExchange = s.object({
  method: s.string(),
  target: s.string({description: 'The request-target as the parser read it'}),
  connection: s.integer({
    minimum: 1,
    description: 'Which TCP connection carried it: 1 for the first this inspection saw, and so on',
  }),
  request: s.nullable(
    s.string({
      description:
        'The request exactly as read off the socket (base64): request line, header lines, empty line, body; null when it came on a connection the server was not reading bytes of',
    }),
  ),
  requestNote: s.nullable(s.string({description: 'Why `request` is null or cut, in words'})),
  response: s.string({description: 'The response exactly as written onto the socket (base64)'}),
  receivedAt: s.number({description: 'Server clock when the request head was read'}),
  clientPort: s.integer({
    minimum: 0,
    maximum: 65535,
    description: "The TCP port of the connection's far end: the same port, the same connection",
  }),
});
export type HttpInspectExchange = s.Infer<typeof HttpInspectExchange>;

/** Body of a 200 from `GET /http/inspect/sessions/{id}`. */
export const HttpInspectRecord = s.object({
  id: s.string({pattern: HTTP_INSPECT_ID_PATTERN.source}),
  options: HttpInspectOptions,
  exchanges: s.array(HttpInspectExchange, {maxItems: HTTP_INSPECT_LIMITS.maxExchangesPerInspection}),
  done: s.boolean({description: 'Whether a request other than a preflight has been answered'}),
  createdOnPort: s.integer({
    minimum: 0,
    maximum: 65535,
    description: 'The TCP port of the far end of the connection that created the inspection',
  }),
});
export type HttpInspectRecord = s.Infer<typeof HttpInspectRecord>;

/**
 * The Fetch standard's forbidden request-header names ("forbidden request-header", Fetch §2.2.2): a `Headers`
 * object whose guard is "request" drops them, so script can neither set nor see them; so are names starting
 * with `proxy-` or `sec-`.
 */
export const FORBIDDEN_REQUEST_HEADERS = [
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
] as const;

/** Whether script may not set this request header (Fetch, "forbidden request-header"), by name alone. */
export function isForbiddenRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    (FORBIDDEN_REQUEST_HEADERS as readonly string[]).includes(lower) ||
    lower.startsWith('proxy-') ||
    lower.startsWith('sec-')
  );
}
