/**
 * `GET /events/faults?case=<case>`: an event stream that misbehaves as the
 * page asks, for that request only, so a page can watch what its `EventSource`
 * does with each answer (WHATWG HTML §9.2.3, "Processing model"). The page
 * names the attempt too (`&attempt=<id>`), and every reconnection lands in the
 * same AttemptRecord.
 */
import * as s from './schema.ts';

/**
 * The answers the route can give, each one fault:
 * - `no-content`: 204 No Content, no body.
 * - `wrong-type`: 200 with `Content-Type: text/plain` and a body that would be a valid event stream.
 * - `server-error`: 500 with problem details.
 * - `redirect`: 307 to `end-retry` on this same path, keeping the attempt id.
 * - `end-retry`: a stream with a `retry:` hint and one event, which the server ends after a second.
 * - `end`: the same without the `retry:` hint, so the browser's own reconnection time applies.
 * - `silent`: one event, then not a byte until the server ends it.
 * - `heartbeat-comment`: one event, a few `: heartbeat` comment lines, then silence.
 * - `heartbeat-event`: one event, a few `heartbeat` events, then silence.
 */
export const EVENT_FAULT_CASES = [
  'no-content',
  'wrong-type',
  'server-error',
  'redirect',
  'end-retry',
  'end',
  'silent',
  'heartbeat-comment',
  'heartbeat-event',
] as const;
export type EventFaultCase = (typeof EVENT_FAULT_CASES)[number];

export const EventFaultCaseName = s.oneOf(EVENT_FAULT_CASES, {description: 'How the server misbehaves'});

/** The event a fault stream sends first (an event with no `event:` field, so `message`); its `id:` is `n`. */
export const FaultStreamMessage = s.object(
  {
    case: EventFaultCaseName,
    n: s.integer({
      minimum: 1,
      description: 'The id of this event: one more than the Last-Event-ID the request carried',
    }),
    lastEventId: s.nullable(
      s.string({description: 'The Last-Event-ID header this request carried, as received (cut at 64 characters)'}),
    ),
    sentAt: s.number({description: 'Server clock, epoch milliseconds'}),
  },
  {description: 'The one event a fault stream sends before it ends or goes quiet'},
);
export type FaultStreamMessage = s.Infer<typeof FaultStreamMessage>;

/** Data of the event named `heartbeat` (`heartbeat-event` case): the page can see these, unlike comments. */
export const FaultHeartbeat = s.object(
  {
    beat: s.integer({minimum: 1}),
    of: s.integer({minimum: 1, description: 'Heartbeats this stream sends before it goes silent'}),
    sentAt: s.number({description: 'Server clock, epoch milliseconds'}),
  },
  {description: 'A heartbeat the page can see: an event, where a comment line would reach no script'},
);
export type FaultHeartbeat = s.Infer<typeof FaultHeartbeat>;
