/**
 * The REST API (`/api`, also behind `/via-cache`), its request records, the
 * balanced cart service, `/hold`, and the problem details every HTTP error
 * carries.
 */
import {BALANCED_LIMITS, NOTE_LIMITS} from '../limits.ts';
import {array, boolean, type Infer, integer, number, object, oneOf, optional, string} from './schema.ts';

/** An error body in the shape of RFC 9457 problem details. */
export const ProblemDetails = object(
  {
    type: string({description: 'A URI naming the kind of problem; `about:blank` when the status says it all'}),
    title: string({description: 'The status code’s reason phrase'}),
    status: integer({minimum: 400, maximum: 599}),
    detail: string({description: 'What went wrong with this request, and what to do about it'}),
  },
  {description: 'Problem details (RFC 9457)'},
);
export type ProblemDetails = Infer<typeof ProblemDetails>;

const title = string({
  minLength: 1,
  maxLength: NOTE_LIMITS.maxTitleLength,
  pattern: '\\S',
  description: 'a non-empty string (not only white space)',
});
const body = string({maxLength: NOTE_LIMITS.maxBodyLength});
const tags = array(
  string({title: 'tag', pattern: '^[a-z0-9-]{1,30}$', description: '1 to 30 lower-case letters, digits or "-"'}),
  {
    maxItems: NOTE_LIMITS.maxTags,
  },
);

/** What a client sends to create or replace a note (PUT, POST): tags may be left out, and are then none. */
export const NoteInput = object(
  {title, body, tags: optional(tags)},
  {title: 'note', description: 'A note as a client sends it'},
);
export type NoteInput = Infer<typeof NoteInput>;

/** A hypermedia link (HAL style: `{"href": "/api/…"}`). */
export const Link = object({href: string(), title: optional(string())});
export type Link = Infer<typeof Link>;

/** The JSON representation of a note. */
export const NoteRepresentation = object({
  id: integer({minimum: 1}),
  title,
  body,
  tags,
  createdAt: string({format: 'date-time', description: 'ISO 8601, UTC'}),
  updatedAt: string({format: 'date-time', description: 'ISO 8601, UTC'}),
  _links: object({self: Link, collection: Link, sandbox: Link}),
});
export type NoteRepresentation = Infer<typeof NoteRepresentation>;

/** The JSON representation of a sandbox's collection of notes. */
export const NoteCollection = object({
  count: integer({minimum: 0}),
  maxNotes: integer({minimum: 0}),
  _links: object({self: Link, sandbox: Link, item: array(Link)}),
  _embedded: object({notes: array(NoteRepresentation)}),
});
export type NoteCollection = Infer<typeof NoteCollection>;

/** The JSON representation of a sandbox. */
export const SandboxRepresentation = object({
  id: string(),
  createdAt: string({format: 'date-time', description: 'ISO 8601, UTC'}),
  expiresAfterIdleSeconds: integer({
    minimum: 0,
    description: 'The sandbox and its notes are forgotten after this long without a request',
  }),
  _links: object({self: Link, notes: Link, root: Link}),
});
export type SandboxRepresentation = Infer<typeof SandboxRepresentation>;

/** The JSON representation of the API's root: what it is, and links to everything else. */
export const ApiRoot = object({
  name: string(),
  description: string(),
  _links: object({self: Link, sandboxes: Link, describedby: Link}),
});
export type ApiRoot = Infer<typeof ApiRoot>;

/** A request as the REST API received it. */
export const RecordedRequest = object({
  head: string({
    description: 'Request line and header lines, CRLF-separated, names in the case and order they arrived',
  }),
  body: string(),
  bodyTruncated: boolean(),
  receivedAt: number(),
  wire: optional(
    object(
      {requestBytes: integer({minimum: 0}), responseBytes: integer({minimum: 0})},
      {
        description:
          'Bytes of the whole exchange as counted on the TCP socket once the response was written: the request (request line, headers, body) and the response (status line, headers, body). Absent while unfinished',
      },
    ),
  ),
});
export type RecordedRequest = Infer<typeof RecordedRequest>;

const cartItems = array(string({minLength: 1, maxLength: BALANCED_LIMITS.maxItemLength, title: 'item'}), {
  maxItems: BALANCED_LIMITS.maxItems,
});

/** Body of a POST to a balanced cart: one item to add. */
export const CartItem = object({item: string({minLength: 1, maxLength: BALANCED_LIMITS.maxItemLength})});
export type CartItem = Infer<typeof CartItem>;

/** Body of a 201 from `POST /balanced/stateful/login`: a session in the memory of the replica that answered. */
export const StatefulLogin = object({session: string(), replica: oneOf(['A', 'B'])});
export type StatefulLogin = Infer<typeof StatefulLogin>;

/** What the stateless cart's signed token carries. */
export const CartState = object({items: cartItems});
export type CartState = Infer<typeof CartState>;

/** Body of a 200 from a balanced cart: the items, and which replica answered. */
export const CartAnswer = object({items: cartItems, replica: oneOf(['A', 'B'])});
export type CartAnswer = Infer<typeof CartAnswer>;

/** Body of a 200 from `GET /hold`. */
export const HoldResult = object({
  connection: integer({
    minimum: 1,
    description: 'The TCP connection that carried the request, numbered by the server in order of arrival',
  }),
  requestOnConnection: integer({
    minimum: 1,
    description: '1 for the first request on that connection, 2 for the next one it carried, and so on',
  }),
  receivedAt: number({description: 'Server clock when the request arrived'}),
  answeredAt: number({description: 'Server clock when it was answered'}),
  heldMs: integer({minimum: 0}),
});
export type HoldResult = Infer<typeof HoldResult>;
