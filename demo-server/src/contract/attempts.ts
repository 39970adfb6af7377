/**
 * What the server saw of one attempt the page made on purpose: a refused
 * handshake, a preflight, an `EventSource` that will not stay connected. The
 * page names the attempt (`?attempt=<id>` on the request it makes) and reads
 * the server's side afterwards at `GET /attempts/{id}`: once, from the same
 * client address, within a minute.
 */
import * as s from './schema.ts';

/** The query parameter a page puts on a request to have the server keep what it saw of it. */
export const ATTEMPT_PARAM = 'attempt';

/**
 * An attempt id: 8 to 64 characters of the base64url alphabet, chosen by the
 * page (random, so that nobody else guesses it; the server also keys it by the
 * client's address).
 */
export const ATTEMPT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** One request of the attempt and the answer the server wrote for it. */
export const ObservedExchange = s.object({
  at: s.number({description: 'Server clock when the request arrived'}),
  transport: s.oneOf(['http', 'upgrade'], {
    description: '`upgrade` for a request that asked to switch protocols (a WebSocket opening handshake)',
  }),
  request: s.string({
    description:
      'Request line and header lines as received, CRLF-separated, names in the case and order they arrived (cut at the head bound)',
  }),
  response: s.nullable(
    s.string({
      description:
        'Status line and header lines exactly as written, CRLF-separated; null while the server has not answered (or never did)',
    }),
  ),
  body: s.string({description: 'The start of the response body the server wrote, as text'}),
  bodyTruncated: s.boolean(),
  answeredAt: s.nullable(s.number({description: 'Server clock when the response head was written'})),
  endedAt: s.nullable(s.number({description: 'Server clock when the exchange or its connection ended'})),
});
export type ObservedExchange = s.Infer<typeof ObservedExchange>;

/** Something the server did or noticed after the answer: a close frame sent or received, a socket cut. */
export const AttemptNote = s.object({
  at: s.number({description: 'Server clock'}),
  text: s.string({description: "The server's account, in words"}),
});
export type AttemptNote = s.Infer<typeof AttemptNote>;

/** Body of a 200 from `GET /attempts/{id}`: everything the server kept of that attempt, in order. */
export const AttemptRecord = s.object({
  attempt: s.string(),
  exchanges: s.array(ObservedExchange),
  exchangesDropped: s.integer({
    minimum: 0,
    description: 'Requests of this attempt the server did not keep, past its bound per attempt',
  }),
  notes: s.array(AttemptNote),
});
export type AttemptRecord = s.Infer<typeof AttemptRecord>;
