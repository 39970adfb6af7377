/**
 * `GET /events/faults?case=<case>`: an event stream that misbehaves as the
 * page asks, for that one request, so the page can watch its `EventSource`
 * fail, reconnect or sit unaware (WHATWG HTML §9.2.3, "Processing model"):
 * a 204, a 200 of the wrong type, a 500, a redirect to a working stream, a
 * stream that ends with or without a `retry:` hint, one that goes silent with
 * or without heartbeats. Each answer is bounded: a stream lives at most
 * `EVENT_FAULT_LIMITS.maxStreamMs`, and open streams are counted per client
 * and in total, as `/events/stream`'s are. What the server did after the head
 * (ended the stream, went quiet, saw the client leave) is noted on the
 * request's attempt, for `GET /attempts/{id}`.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {attemptIdOf} from '../attempts.ts';
import {ATTEMPT_PARAM} from '../contract/attempts.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {
  EVENT_FAULT_CASES,
  type EventFaultCase,
  type FaultHeartbeat,
  type FaultStreamMessage,
} from '../contract/eventFaults.ts';
import {sendProblem} from '../http.ts';
import {EVENT_FAULT_LIMITS} from '../limits.ts';
import {createSlots, SLOT_RETRY_AFTER_SECONDS} from '../slots.ts';
import type {Route} from './router.ts';

/**
 * How a fault stream ended: by its case's own rule (`end`, `end-retry`), at the cap, with the client gone first,
 * or at shutdown. The operators' metrics count them by these names.
 */
export const FAULT_STREAM_ENDS = ['ended', 'capped', 'client_closed', 'shutdown'] as const;
export type FaultStreamEnd = (typeof FAULT_STREAM_ENDS)[number];

export interface EventFaultsOptions {
  maxStreams: number;
  maxStreamsPerClient: number;
  clientOf: (req: IncomingMessage) => string;
  /** Adds what the server did after the head to the attempt the request named (`AttemptLog.note`). */
  note: (req: IncomingMessage, text: string) => void;
  now?: () => number;
  /** The longest a fault stream lives: EVENT_FAULT_LIMITS.maxStreamMs unless a test asks for less. */
  maxStreamMs?: number;
  /** Told of every answer given, by the case asked for (refusals are not answers: the router's metrics count them). */
  answered?: (faultCase: EventFaultCase) => void;
  /** Told how each fault stream ended. */
  streamEnded?: (how: FaultStreamEnd) => void;
}

export interface EventFaultsRoute extends Route {
  /** Ends every open fault stream (at shutdown). */
  endAll(): void;
  /** Fault streams open now. */
  readonly open: number;
}

/** The cases answered with no stream: no place is taken for them. */
const ANSWERED_AT_ONCE: ReadonlySet<EventFaultCase> = new Set(['no-content', 'wrong-type', 'server-error', 'redirect']);

const isCase = (value: string | null): value is EventFaultCase =>
  (EVENT_FAULT_CASES as readonly (string | null)[]).includes(value);

/** The Last-Event-ID header as received, cut to the bound: the server only repeats it back, it never parses it. */
function lastEventIdOf(req: IncomingMessage): string | null {
  const header = req.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? null : value.slice(0, EVENT_FAULT_LIMITS.maxEchoedLastEventIdChars);
}

/** One more than the Last-Event-ID when that is a whole number (as every id these streams send is), else 1. */
function nextId(lastEventId: string | null): number {
  return lastEventId !== null && /^\d{1,9}$/.test(lastEventId) ? Number(lastEventId) + 1 : 1;
}

export function eventFaultsRoute(options: EventFaultsOptions): EventFaultsRoute {
  const {now = Date.now, maxStreamMs = EVENT_FAULT_LIMITS.maxStreamMs} = options;
  const slots = createSlots({
    total: options.maxStreams,
    perClient: options.maxStreamsPerClient,
    totalFull: `The server has ${options.maxStreams} fault streams open already, its most; try again shortly`,
    perClientFull: `Your address has ${options.maxStreamsPerClient} fault streams open, the most one client may`,
  });
  /** Each open stream's way to end it now, with the reason noted. */
  const open = new Set<(how: 'shutdown', why: string) => void>();

  const stream = (req: IncomingMessage, res: ServerResponse, faultCase: EventFaultCase) => {
    const claim = slots.claim(options.clientOf(req));
    if (!claim.ok) {
      sendProblem(res, claim.status, claim.detail, {'Retry-After': SLOT_RETRY_AFTER_SECONDS});
      return;
    }
    const startedAt = now();
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, run: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, ms);
      timers.add(timer);
    };
    let done = false;
    const finish = () => {
      done = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      open.delete(end);
      claim.release();
    };
    /** The server ends the response cleanly: the last chunk of a chunked body, which EventSource reads as the end. */
    const end = (how: Exclude<FaultStreamEnd, 'client_closed'>, why: string) => {
      if (done) return;
      finish();
      options.streamEnded?.(how);
      options.note(req, `Ended the stream after ${now() - startedAt} ms (${why}): a clean end of the response body`);
      res.end();
    };
    open.add(end);
    res.once('close', () => {
      if (done) return;
      finish();
      options.streamEnded?.('client_closed');
      options.note(req, `The client closed the stream after ${now() - startedAt} ms`);
    });

    options.answered?.(faultCase);
    const lastEventId = lastEventIdOf(req);
    const id = nextId(lastEventId);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    const message: FaultStreamMessage = {case: faultCase, n: id, lastEventId, sentAt: now()};
    const retry = faultCase === 'end-retry' ? `retry: ${EVENT_FAULT_LIMITS.retryHintMs}\n` : '';
    res.write(`${retry}id: ${id}\ndata: ${JSON.stringify(message)}\n\n`);

    if (faultCase === 'end' || faultCase === 'end-retry') {
      later(EVENT_FAULT_LIMITS.endAfterMs, () =>
        end('ended', `the "${faultCase}" case lasts ${EVENT_FAULT_LIMITS.endAfterMs} ms`),
      );
      return;
    }
    const {heartbeats, heartbeatMs} = EVENT_FAULT_LIMITS;
    if (faultCase === 'heartbeat-comment' || faultCase === 'heartbeat-event') {
      for (let beat = 1; beat <= heartbeats; beat += 1) {
        later(beat * heartbeatMs, () => {
          const heartbeat: FaultHeartbeat = {beat, of: heartbeats, sentAt: now()};
          res.write(
            faultCase === 'heartbeat-comment'
              ? `: heartbeat ${beat} of ${heartbeats}\n\n`
              : `event: heartbeat\ndata: ${JSON.stringify(heartbeat)}\n\n`,
          );
          if (beat === heartbeats) {
            options.note(
              req,
              `Sent heartbeat ${beat} of ${heartbeats}; from now on, not a byte (the connection stays open)`,
            );
          }
        });
      }
    } else {
      options.note(req, 'Sent one event; from now on, not a byte (the connection stays open)');
    }
    later(maxStreamMs, () => end('capped', `no fault stream lives longer than ${maxStreamMs} ms`));
  };

  return {
    methods: ['GET'],
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://demo-server.invalid');
      const faultCase = url.searchParams.get('case');
      if (!isCase(faultCase)) {
        sendProblem(res, 400, `"case" must be one of ${EVENT_FAULT_CASES.join(', ')}`);
        return;
      }
      // A stream is counted once it has its place (stream() refuses past the bounds); these answer at once.
      if (ANSWERED_AT_ONCE.has(faultCase)) options.answered?.(faultCase);
      switch (faultCase) {
        case 'no-content':
          // HTML §9.2.3: any status other than 200 fails the connection; the browser does not come back.
          res.writeHead(204, {'Cache-Control': 'no-store'});
          res.end();
          options.note(req, 'Answered 204 No Content, asked to; the browser should not reconnect');
          return;
        case 'wrong-type':
          // The body is a valid event stream; only the media type is wrong.
          res.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store'});
          res.end('data: this would be an event, in a text/event-stream\n\n');
          options.note(req, 'Answered 200 with Content-Type text/plain, asked to; the browser should not reconnect');
          return;
        case 'server-error':
          sendProblem(res, 500, 'A failure made on purpose (case=server-error): an EventSource fails for good on it');
          options.note(req, 'Answered 500, asked to; the browser should not reconnect');
          return;
        case 'redirect': {
          // To a working stream on this path, under the same attempt, so its record holds both requests.
          const attempt = attemptIdOf(req.url);
          const target = new URLSearchParams({case: 'end-retry'});
          if (attempt !== null) target.set(ATTEMPT_PARAM, attempt);
          res.writeHead(307, {Location: `${ENDPOINTS.eventsFaults}?${target.toString()}`, 'Cache-Control': 'no-store'});
          res.end();
          options.note(req, 'Answered 307 Temporary Redirect to the end-retry stream, asked to');
          return;
        }
        default:
          stream(req, res, faultCase);
      }
    },
    endAll() {
      for (const end of [...open]) end('shutdown', 'the server is shutting down');
    },
    get open() {
      return slots.size;
    },
  };
}
