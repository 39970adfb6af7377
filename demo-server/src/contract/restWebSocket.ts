/** `/ws/rest`: the REST API over WebSocket, with watching. */
import {REST_WS_LIMITS} from '../limits.ts';
import {ENDPOINTS} from './endpoints.ts';
import * as s from './schema.ts';

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
export const RestRequestId = s.union(
  [
    s.string({minLength: 1, maxLength: maxIdLength}),
    s.number({description: `At most ${maxIdLength} characters as text`}),
  ],
  {description: 'The client’s name for this request; its answer repeats it'},
);

/**
 * One request, as one text message: what an HTTP request line and its headers
 * carry, plus an id of the client's choosing that its answer repeats.
 */
export const RestRequestEnvelope = s.object(
  {
    id: RestRequestId,
    method: s.oneOf(REST_WS_METHODS),
    path: s.string({
      maxLength: maxPathLength,
      pattern: `^${ENDPOINTS.api}(/[\\x21-\\x22\\x24-\\x3e\\x40-\\x7e]*)?$`,
      description: `a path under ${ENDPOINTS.api} (no query, no fragment, at most ${maxPathLength} characters)`,
    }),
    headers: s.optional(
      s.record(
        s.string({
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
    body: s.optional(
      s.anyJson({
        description:
          'Any JSON value; sent to the resource as its JSON text (Content-Type defaults to application/json)',
      }),
    ),
  },
  {description: 'One request to the REST API, as one text message'},
);
export type RestRequestEnvelope = s.Infer<typeof RestRequestEnvelope>;

/**
 * The answer to one request: the same id (null when the message was too
 * broken to read one), the HTTP status the resource gave, its headers, and its
 * body — parsed JSON for JSON media types, a string for others, null when empty.
 */
export const RestResponseEnvelope = s.object(
  {
    id: s.nullable(s.union([s.string(), s.number()])),
    status: s.integer({minimum: 100, maximum: 599}),
    headers: s.record(s.string()),
    body: s.anyJson({description: 'Parsed JSON for JSON media types, a string for others, null when empty'}),
  },
  {description: 'The answer to one request, with the same id'},
);
export type RestResponseEnvelope = s.Infer<typeof RestResponseEnvelope>;

/** Pushed to every connection that WATCHes `path` when the resource there changes; `etag` is null once it is gone. */
export const RestChangedPush = s.object({type: s.literal('changed'), path: s.string(), etag: s.nullable(s.string())});
export type RestChangedPush = s.Infer<typeof RestChangedPush>;

/** The first message on every `/ws/rest` connection: what its opening handshake cost, counted on the socket. */
export const RestHelloMessage = s.object({
  type: s.literal('hello'),
  handshake: s.object({requestBytes: s.integer({minimum: 0}), responseBytes: s.integer({minimum: 0})}),
});
export type RestHelloMessage = s.Infer<typeof RestHelloMessage>;

export const RestServerMessage = s.union([RestResponseEnvelope, RestChangedPush, RestHelloMessage]);
export type RestServerMessage = s.Infer<typeof RestServerMessage>;

/** Reads one server message on `/ws/rest`; null when it is none of the three. */
export function parseRestServerMessage(text: string): RestServerMessage | null {
  return s.parseJson(RestServerMessage, text);
}
