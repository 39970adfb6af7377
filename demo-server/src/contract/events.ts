/**
 * The event stream: one stream of events for every reader, delivered four
 * ways (short polling, long polling, Server-Sent Events, WebSocket), with
 * what each way costs counted by the server.
 */
import * as s from './schema.ts';

/**
 * One event of the demo server's event stream: the same stream for every
 * reader and every transport, so they can be compared. Ids grow by one.
 */
export const ServerEvent = s.object(
  {
    id: s.integer({minimum: 1}),
    emittedAt: s.number({description: 'Server clock, epoch milliseconds, when the event was emitted'}),
    value: s.number({description: 'A made-up reading that moves a little with each event, so events differ'}),
  },
  {title: 'event', description: 'One event of the stream every reader shares; ids grow by one'},
);
export type ServerEvent = s.Infer<typeof ServerEvent>;

/** Reconnection delay the SSE stream suggests to `EventSource` (its `retry:` field). */
export const SSE_RETRY_MS = 3000;

/**
 * Data of the SSE event named `gap`: the client resumed from an id older than
 * the backlog, so the events between `missedFrom` and `missedTo` are lost.
 */
export const StreamGap = s.object(
  {missedFrom: s.integer({minimum: 0}), missedTo: s.integer({minimum: 0})},
  {description: 'The client resumed from an id older than the backlog: these events are lost'},
);
export type StreamGap = s.Infer<typeof StreamGap>;

/**
 * Data of the SSE event named `stream-start`, the first event of every
 * stream: what the server read from the request, so a page can show the
 * `Last-Event-ID` its `EventSource` sent when it reconnected. Its block also
 * sets the browser's last event ID: to `lastEventId` on a resume, to the empty
 * string (an `id` field with no value) when `aheadOfNewest` is present, and
 * not at all on a stream that starts from nothing.
 */
export const StreamStart = s.object(
  {
    lastEventId: s.nullable(s.integer({minimum: 0}), {
      description: 'The id the stream resumes after, or null for a fresh stream',
    }),
    from: s.nullable(s.oneOf(['Last-Event-ID', 'lastEventId']), {description: 'Where that id came from'}),
    retryMs: s.integer({minimum: 0}),
    aheadOfNewest: s.optional(
      s.integer({
        minimum: 0,
        description:
          'Present when the id asked for is ahead of the newest event: the server restarted since, so this is a fresh stream, from now',
      }),
    ),
  },
  {description: 'The first event of every stream: what the server read from the request'},
);
export type StreamStart = s.Infer<typeof StreamStart>;

/** The four ways the demo server delivers the event stream. */
export const REALTIME_TRANSPORTS = ['poll', 'longPoll', 'sse', 'ws'] as const;
export type RealtimeTransport = (typeof REALTIME_TRANSPORTS)[number];

/**
 * A reader session: a random id the page makes up and sends as `?session=`
 * on every event request, so the server can count what each transport costs
 * that one reader. Not a secret of any value; it only groups counters.
 */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const count = (description: string) => s.integer({minimum: 0, description});

/** What one transport has cost one session, counted by the server on the socket. */
export const TransportCost = s.object({
  requests: count('HTTP requests made (a WebSocket counts its one opening handshake)'),
  connections: count(
    'Distinct TCP connections this transport’s requests travelled on (a reused connection counts once)',
  ),
  open: count('Streams or WebSockets open right now'),
  bytesIn: count('Bytes the server read from the socket: request lines, headers, bodies, frames'),
  bytesOut: count('Bytes the server wrote to the socket: status lines, headers, bodies, chunk framing, frames'),
  events: count('Events delivered'),
  emptyResponses: count('Answers that carried no event (a poll with none, a long-poll’s 204)'),
});
export type TransportCost = s.Infer<typeof TransportCost>;

// One cost per transport of REALTIME_TRANSPORTS; `fromEntries` loses the keys' type.
const costByTransport = Object.fromEntries(
  REALTIME_TRANSPORTS.map((transport) => [transport, TransportCost]),
) as Record<RealtimeTransport, typeof TransportCost>;

/** Body of `GET /events/costs?session=<id>`. */
export const CostReport = s.object(
  {
    session: s.string({pattern: SESSION_ID_PATTERN.source}),
    at: s.number({description: 'Server clock when the report was made'}),
    transports: s.object(costByTransport, {description: 'One entry per transport'}),
  },
  {description: 'What each transport has cost one reader session, counted on the socket'},
);
export type CostReport = s.Infer<typeof CostReport>;

/**
 * Body of `GET /time`: the server's clock when it read the request and when it
 * answered (t1 and t2 of an NTP exchange; the client supplies t0 and t3).
 */
export const ClockReading = s.object(
  {receivedAt: s.number(), sentAt: s.number()},
  {description: 'The server clock (epoch ms) when it read the request and when it answered'},
);
export type ClockReading = s.Infer<typeof ClockReading>;

/** Body of a 200 from `/events/poll` and `/events/long-poll`. */
export const PollResponse = s.object({
  events: s.array(ServerEvent),
  latestId: s.integer({
    minimum: 0,
    description: 'The id of the newest event so far (0 before the first): the `since` of the next poll',
  }),
});
export type PollResponse = s.Infer<typeof PollResponse>;

/** Body of `POST /events/stream/drop`. */
export const StreamDropResult = s.object({
  dropped: s.integer({minimum: 0, description: 'Streams of this session ended'}),
});
export type StreamDropResult = s.Infer<typeof StreamDropResult>;
