/**
 * The REST API (`/api`, also behind `/via-cache`), its request records, the
 * balanced cart service, `/hold`, and the problem details every HTTP error
 * carries.
 */
import {BALANCED_LIMITS, NOTE_LIMITS} from '../limits.ts';
import * as s from './schema.ts';

/** An error body in the shape of RFC 9457 problem details. */
export const ProblemDetails = s.object(
  {
    type: s.string({description: 'A URI naming the kind of problem; `about:blank` when the status says it all'}),
    title: s.string({description: 'The status code’s reason phrase'}),
    status: s.integer({minimum: 400, maximum: 599}),
    detail: s.string({description: 'What went wrong with this request, and what to do about it'}),
  },
  {description: 'Problem details (RFC 9457)'},
);
export type ProblemDetails = s.Infer<typeof ProblemDetails>;

const title = s.string({
  minLength: 1,
  maxLength: NOTE_LIMITS.maxTitleLength,
  pattern: '\\S',
  description: 'a non-empty string (not only white space)',
});
const body = s.string({maxLength: NOTE_LIMITS.maxBodyLength});
const tags = s.array(
  s.string({title: 'tag', pattern: '^[a-z0-9-]{1,30}$', description: '1 to 30 lower-case letters, digits or "-"'}),
  {
    maxItems: NOTE_LIMITS.maxTags,
  },
);

/** What a client sends to create or replace a note (PUT, POST): tags may be left out, and are then none. */
export const NoteInput = s.object(
  {title, body, tags: s.optional(tags)},
  {title: 'note', description: 'A note as a client sends it'},
);
export type NoteInput = s.Infer<typeof NoteInput>;

/** A hypermedia link (HAL style: `{"href": "/api/…"}`). */
export const Link = s.object({href: s.string(), title: s.optional(s.string())});
export type Link = s.Infer<typeof Link>;

/** The JSON representation of a note. */
export const NoteRepresentation = s.object({
  id: s.integer({minimum: 1}),
  title,
  body,
  tags,
  createdAt: s.string({format: 'date-time', description: 'ISO 8601, UTC'}),
  updatedAt: s.string({format: 'date-time', description: 'ISO 8601, UTC'}),
  _links: s.object({self: Link, collection: Link, sandbox: Link}),
});
export type NoteRepresentation = s.Infer<typeof NoteRepresentation>;

/** The JSON representation of a sandbox's collection of notes. */
export const NoteCollection = s.object({
  count: s.integer({minimum: 0}),
  maxNotes: s.integer({minimum: 0}),
  _links: s.object({self: Link, sandbox: Link, item: s.array(Link)}),
  _embedded: s.object({notes: s.array(NoteRepresentation)}),
});
export type NoteCollection = s.Infer<typeof NoteCollection>;

/** The JSON representation of a sandbox. */
export const SandboxRepresentation = s.object({
  id: s.string(),
  createdAt: s.string({format: 'date-time', description: 'ISO 8601, UTC'}),
  expiresAfterIdleSeconds: s.integer({
    minimum: 0,
    description: 'The sandbox and its notes are forgotten after this long without a request',
  }),
  _links: s.object({self: Link, notes: Link, root: Link}),
});
export type SandboxRepresentation = s.Infer<typeof SandboxRepresentation>;

/** The JSON representation of the API's root: what it is, and links to everything else. */
export const ApiRoot = s.object({
  name: s.string(),
  description: s.string(),
  _links: s.object({self: Link, sandboxes: Link, describedby: Link}),
});
export type ApiRoot = s.Infer<typeof ApiRoot>;

/** A request as the REST API received it. */
export const RecordedRequest = s.object({
  head: s.string({
    description: 'Request line and header lines, CRLF-separated, names in the case and order they arrived',
  }),
  body: s.string(),
  bodyTruncated: s.boolean(),
  receivedAt: s.number(),
  wire: s.optional(
    s.object(
      {requestBytes: s.integer({minimum: 0}), responseBytes: s.integer({minimum: 0})},
      {
        description:
          'Bytes of the whole exchange as counted on the TCP socket once the response was written: the request (request line, headers, body) and the response (status line, headers, body). Absent while unfinished',
      },
    ),
  ),
});
export type RecordedRequest = s.Infer<typeof RecordedRequest>;

const cartItems = s.array(s.string({minLength: 1, maxLength: BALANCED_LIMITS.maxItemLength, title: 'item'}), {
  maxItems: BALANCED_LIMITS.maxItems,
});

/** Body of a POST to a balanced cart: one item to add. */
export const CartItem = s.object({item: s.string({minLength: 1, maxLength: BALANCED_LIMITS.maxItemLength})});
export type CartItem = s.Infer<typeof CartItem>;

/** Body of a 201 from `POST /balanced/stateful/login`: a session in the memory of the replica that answered. */
export const StatefulLogin = s.object({session: s.string(), replica: s.oneOf(['A', 'B'])});
export type StatefulLogin = s.Infer<typeof StatefulLogin>;

/** What the stateless cart's signed token carries. */
export const CartState = s.object({items: cartItems});
export type CartState = s.Infer<typeof CartState>;

/** Body of a 200 from a balanced cart: the items, and which replica answered. */
export const CartAnswer = s.object({items: cartItems, replica: s.oneOf(['A', 'B'])});
export type CartAnswer = s.Infer<typeof CartAnswer>;

/** Body of a 200 from `GET /hold`. */
export const HoldResult = s.object({
  connection: s.integer({
    minimum: 1,
    description: 'The TCP connection that carried the request, numbered by the server in order of arrival',
  }),
  requestOnConnection: s.integer({
    minimum: 1,
    description: '1 for the first request on that connection, 2 for the next one it carried, and so on',
  }),
  receivedAt: s.number({description: 'Server clock when the request arrived'}),
  answeredAt: s.number({description: 'Server clock when it was answered'}),
  heldMs: s.integer({minimum: 0}),
});
export type HoldResult = s.Infer<typeof HoldResult>;
