/**
 * `/http/negotiate`: one document served with the content coding the request's `Accept-Encoding` makes best
 * (proactive negotiation, RFC 9110 §12.5.3), or the one a page forces with `?coding=`, and the server's record of
 * each answer: what it read, what it chose and why, and how many bytes it wrote.
 */
import * as s from './schema.ts';

/** The content codings the server has the document in, in its order of preference among equal weights. */
export const NEGOTIATE_CODINGS = ['br', 'zstd', 'gzip'] as const;
export type NegotiateCoding = (typeof NEGOTIATE_CODINGS)[number];

/** What `?coding=` may ask for: negotiation (`auto`, the default), no coding, or one coding whatever was offered. */
export const NEGOTIATE_CHOICES = ['auto', 'identity', ...NEGOTIATE_CODINGS] as const;
export type NegotiateChoice = (typeof NEGOTIATE_CHOICES)[number];

/** A record id: chosen by the page, 8 to 64 characters of the base64url alphabet (as an attempt id). */
export const NEGOTIATE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The document's path under the prefix, and the records' folder. */
export const NEGOTIATE_DOCUMENT = 'document';
export const NEGOTIATE_RECORDS = 'records';

/** One member of the request's `Accept-Encoding`, as the server parsed it. */
export const OfferedCoding = s.object({
  coding: s.string({description: 'A content coding, `identity` or `*`, lower-cased'}),
  q: s.number({minimum: 0, maximum: 1, description: 'Its weight (RFC 9110 §12.4.2); 1 when none was given'}),
});
export type OfferedCoding = s.Infer<typeof OfferedCoding>;

/** Body of a 200 from `GET /http/negotiate/records/{id}`: what the server did with that request. */
export const NegotiationRecord = s.object({
  id: s.string(),
  acceptEncoding: s.nullable(
    s.string({description: 'The request’s Accept-Encoding as received (lines joined by ", ", cut at its bound)'}),
  ),
  offered: s.array(OfferedCoding, {description: 'Its members, in order, as parsed'}),
  asked: s.oneOf(NEGOTIATE_CHOICES, {description: 'What `?coding=` asked for'}),
  coding: s.oneOf(['identity', ...NEGOTIATE_CODINGS], {description: 'The coding the server sent'}),
  reason: s.string({description: 'Why, in words'}),
  decodedBytes: s.integer({minimum: 0, description: 'The document’s size before any coding'}),
  encodedBytes: s.integer({minimum: 0, description: 'The body’s size as sent (its Content-Length)'}),
  bytesWritten: s.integer({
    minimum: 0,
    description: 'Bytes the server wrote onto the connection for this answer: status line, header fields and body',
  }),
  headBytes: s.integer({minimum: 0, description: 'Of which the status line and header fields'}),
  compressedAtStart: s.boolean({
    description: 'Always true: every variant is compressed once when the server starts, never for a request',
  }),
  compressMs: s.number({minimum: 0, description: 'How long compressing this variant took, once, at start'}),
  cacheSeconds: s.nullable(
    s.integer({minimum: 1, description: 'The `max-age` the answer allowed (`?cache=`); null for `no-store`'}),
  ),
  requests: s.integer({
    minimum: 1,
    description: 'Requests with this id the server received: a cache that answered one itself kept it from the count',
  }),
});
export type NegotiationRecord = s.Infer<typeof NegotiationRecord>;
