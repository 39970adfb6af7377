/** `/ws/rest`: the REST API over WebSocket, with watching. */
import {REST_WS_LIMITS} from '../limits.ts';
import {ENDPOINTS} from './endpoints.ts';
import {
  anyJson,
  type Infer,
  integer,
  literal,
  nullable,
  number,
  object,
  oneOf,
  optional,
  parseJson,
  record,
  string,
  union,
} from './schema.ts';

/** The methods `/ws/rest` accepts: HTTP's, as the REST API answers them, plus watching. */
export const REST_WS_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'WATCH',
  'UNWATCH',
] as const;
export type RestWsMethod = (typeof REST_WS_METHODS)[number];

const {maxIdLength, maxHeaders, maxHeaderValueLength, maxPathLength} = REST_WS_LIMITS;

/** A request id: the client's choice, repeated by its answer. */
export const RestRequestId = union(
  [string({minLength: 1, maxLength: maxIdLength}), number({description: `At most ${maxIdLength} characters as text`})],
  {description: 'The client’s name for this request; its answer repeats it'},
);

/**
 * One request, as one text message: what an HTTP request line and its headers
 * carry, plus an id of the client's choosing that its answer repeats.
 */
export const RestRequestEnvelope = object(
  {
    id: RestRequestId,
    method: oneOf(REST_WS_METHODS),
    path: string({
      maxLength: maxPathLength,
      pattern: `^${ENDPOINTS.api}(/[\\x21-\\x22\\x24-\\x3e\\x40-\\x7e]*)?$`,
      description: `a path under ${ENDPOINTS.api} (no query, no fragment, at most ${maxPathLength} characters)`,
    }),
    headers: optional(
      record(
        string({
          maxLength: maxHeaderValueLength,
          pattern: '^[^\\r\\n\\u0000]*$',
          description: `a string of at most ${maxHeaderValueLength} characters on one line`,
        }),
        {
          names: {pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$", description: 'a header name'},
          maxProperties: maxHeaders,
          description: 'Header names in any case; values are strings',
        },
      ),
    ),
    body: optional(
      anyJson({
        description:
          'Any JSON value; sent to the resource as its JSON text (Content-Type defaults to application/json)',
      }),
    ),
  },
  {description: 'One request to the REST API, as one text message'},
);
export type RestRequestEnvelope = Infer<typeof RestRequestEnvelope>;

/**
 * The answer to one request: the same id (null when the message was too
 * broken to read one), the HTTP status the resource gave, its headers, and its
 * body — parsed JSON for JSON media types, a string for others, null when empty.
 */
export const RestResponseEnvelope = object(
  {
    id: nullable(union([string(), number()])),
    status: integer({minimum: 100, maximum: 599}),
    headers: record(string()),
    body: anyJson({description: 'Parsed JSON for JSON media types, a string for others, null when empty'}),
  },
  {description: 'The answer to one request, with the same id'},
);
export type RestResponseEnvelope = Infer<typeof RestResponseEnvelope>;

/** Pushed to every connection that WATCHes `path` when the resource there changes; `etag` is null once it is gone. */
export const RestChangedPush = object({type: literal('changed'), path: string(), etag: nullable(string())});
export type RestChangedPush = Infer<typeof RestChangedPush>;

/** The first message on every `/ws/rest` connection: what its opening handshake cost, counted on the socket. */
export const RestHelloMessage = object({
  type: literal('hello'),
  handshake: object({requestBytes: integer({minimum: 0}), responseBytes: integer({minimum: 0})}),
});
export type RestHelloMessage = Infer<typeof RestHelloMessage>;

export const RestServerMessage = union([RestResponseEnvelope, RestChangedPush, RestHelloMessage]);
export type RestServerMessage = Infer<typeof RestServerMessage>;

/** Reads one server message on `/ws/rest`; null when it is none of the three. */
export function parseRestServerMessage(text: string): RestServerMessage | null {
  return parseJson(RestServerMessage, text);
}
