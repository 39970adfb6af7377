/** The HTTP transports of the event stream (issue #5): short polling first. */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {PollResponse} from '../contract/events.ts';
import type {CostMeter, Metered} from '../events/costs.ts';
import type {DemoEventSource} from '../events/source.ts';
import {jsonHeaders, queryOf, sendJson, sendProblem} from '../http.ts';
import {createSlots, SLOT_RETRY_AFTER_SECONDS} from '../slots.ts';
import type {Route} from './router.ts';

/** Reads `?since=<id>`: undefined when absent, null when not a whole number ≥ 0. */
export function readSince(req: IncomingMessage): number | undefined | null {
  const raw = queryOf(req).get('since');
  if (raw === null) return undefined;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

/**
 * The reader session a request is metered under (`?session=`): undefined when
 * none was given; a malformed one is answered 400 here and returns null.
 */
export function meterRequest(
  meter: CostMeter,
  transport: 'poll' | 'longPoll',
  req: IncomingMessage,
  res: ServerResponse,
): Metered | undefined | null {
  const session = meter.sessionOf(req);
  if (session === null) {
    sendProblem(res, 400, '"session" must be 8 to 64 letters, digits, "-" or "_"');
    return null;
  }
  return session === undefined ? undefined : meter.exchange(session, transport, req, res);
}

function answerSince(source: DemoEventSource, since: number, res: ServerResponse, metered?: Metered): void {
  if (since > source.latestId) {
    return sendProblem(res, 400, `since=${since} is ahead of the newest event (${source.latestId})`);
  }
  const result = source.since(since);
  if (!result.ok) {
    return sendProblem(
      res,
      410,
      `Events after ${since} are no longer all kept: the backlog starts at ${result.oldestAvailableId}. ` +
        `Start again from latestId ${source.latestId} (some events were missed).`,
    );
  }
  const body: PollResponse = {events: result.events, latestId: source.latestId};
  metered?.delivered(body.events.length);
  sendJson(res, 200, body);
}

/**
 * `GET /events/poll?since=<id>`: answers at once with the events after `since`,
 * possibly none. Without `since`, answers none and the latest id to start from.
 */
export function pollRoute(source: DemoEventSource, meter: CostMeter): Route {
  return {
    methods: ['GET', 'HEAD'],
    handle(req, res) {
      const metered = meterRequest(meter, 'poll', req, res);
      if (metered === null) return;
      const since = readSince(req);
      if (since === null) {
        sendProblem(res, 400, '"since" must be a whole number: the id of the last event you have');
      } else if (since === undefined) {
        const body: PollResponse = {events: [], latestId: source.latestId};
        metered?.delivered(0);
        sendJson(res, 200, body);
      } else {
        answerSince(source, since, res, metered);
      }
    },
  };
}

export interface LongPollOptions {
  timeoutMs: number;
  maxParked: number;
  maxParkedPerClient: number;
  /** The address limits are counted against (see clients.ts). */
  clientOf: (req: IncomingMessage) => string;
}

export interface LongPollRoute extends Route {
  /** Answers every parked request (503, try again) so shutdown need not wait for them. */
  releaseAll(): void;
  /** Long-polls parked now. */
  readonly open: number;
}

/** What the route keeps about one parked request; the code that reads it is shared by all of them. */
interface Parked {
  /** The id the request waits after. */
  since: number;
  metered: Metered | undefined;
  /** The request's place among those its client may park. */
  claim: {release(): void};
  /** When it is answered 204 if no event came first (performance.now() time). */
  deadline: number;
}

/** An answer serialised once for every request parked after the same id. */
interface Answer {
  text: string;
  headers: Record<string, string>;
  events: number;
}

/**
 * `GET /events/long-poll?since=<id>`: answers at once if there are events
 * after `since`, otherwise holds the request until the next event, or answers
 * 204 after `timeoutMs`. Parked requests are bounded in total and per client.
 */
export function longPollRoute(source: DemoEventSource, meter: CostMeter, options: LongPollOptions): LongPollRoute {
  /**
   * Every parked request, in the order they arrived. One subscription to the source answers them all while
   * any is parked, with one serialised answer per distinct `since` (all of them, usually), rather than a
   * listener, a timer callback and their closures per request, each serialising the same answer again.
   */
  let parked = new Map<ServerResponse, Parked>();
  let unsubscribe: (() => void) | undefined;
  /**
   * One timer for every hold, set for the oldest one's deadline: every request is held for the same
   * `timeoutMs`, so the map's order (arrival) is the order of their deadlines. A timer per request cost a
   * Timeout object each and its removal when the event answered them all.
   */
  let holdTimer: NodeJS.Timeout | undefined;
  const slots = createSlots({
    total: options.maxParked,
    perClient: options.maxParkedPerClient,
    totalFull: `The server is holding ${options.maxParked} long-polls already; try again shortly`,
    perClientFull: `At most ${options.maxParkedPerClient} long-polls per client wait at once`,
  });

  /** With nothing parked, nothing waits for the source or the clock. */
  const idleIfEmpty = () => {
    if (parked.size > 0) return;
    unsubscribe?.();
    unsubscribe = undefined;
    clearTimeout(holdTimer);
    holdTimer = undefined;
  };
  /** Lets a parked request go (once): its place and, with the last one, the subscription and the timer go. */
  const finish = (res: ServerResponse): Parked | undefined => {
    const request = parked.get(res);
    if (request === undefined) return undefined;
    parked.delete(res);
    request.claim.release();
    idleIfEmpty();
    return request;
  };
  const timeOut = (res: ServerResponse) => {
    const request = finish(res);
    if (request === undefined) return;
    request.metered?.delivered(0);
    res.writeHead(204, {'Cache-Control': 'no-store'});
    res.end();
  };
  /** Answers 204 to every request whose hold is over, then waits for the next deadline. */
  const expire = () => {
    holdTimer = undefined;
    const now = performance.now();
    for (const [res, request] of parked) {
      if (request.deadline > now) break;
      timeOut(res);
    }
    armHoldTimer();
  };
  function armHoldTimer() {
    if (holdTimer !== undefined) return;
    const oldest = parked.values().next();
    if (oldest.done === true) return;
    // The oldest request may go before its deadline (answered, or its client left): the timer then finds
    // a later deadline first, and is set again for it.
    holdTimer = setTimeout(expire, Math.max(0, oldest.value.deadline - performance.now()));
  }
  const answerAll = () => {
    // Every parked request is answered now: they leave the map all at once, the subscription and the
    // timer with them, and their places are given back once every answer is written, so the answers go
    // out as early as they can.
    const answering = parked;
    parked = new Map();
    idleIfEmpty();
    // Serialised once, with its header fields. The body stays a string: Node joins a string body to the
    // response head and writes both with one write, where a Buffer body takes a writev of two (measured
    // with `npm run bench:capacity -- --profile`: the writev cost more than encoding the string each time).
    const answers = new Map<number, Answer>();
    for (const [res, request] of answering) {
      let answer = answers.get(request.since);
      if (answer === undefined) {
        const result = source.since(request.since);
        if (!result.ok) {
          answerSince(source, request.since, res, request.metered);
          continue;
        }
        const body: PollResponse = {events: result.events, latestId: source.latestId};
        const text = JSON.stringify(body);
        answer = {text, headers: jsonHeaders(text), events: body.events.length};
        answers.set(request.since, answer);
      }
      request.metered?.delivered(answer.events);
      res.writeHead(200, answer.headers);
      res.end(answer.text);
    }
    for (const request of answering.values()) request.claim.release();
  };
  // The client gave up (closed the tab, aborted the fetch): free its place.
  function onClose(this: ServerResponse) {
    finish(this);
  }

  return {
    methods: ['GET'],
    handle(req, res) {
      const metered = meterRequest(meter, 'longPoll', req, res);
      if (metered === null) return;
      const requested = readSince(req);
      if (requested === null) {
        sendProblem(res, 400, '"since" must be a whole number: the id of the last event you have');
        return;
      }
      // Without `since`, wait for the next event.
      const since = requested ?? source.latestId;
      if (since < source.latestId) {
        answerSince(source, since, res, metered);
        return;
      }
      if (since > source.latestId) {
        sendProblem(res, 400, `since=${since} is ahead of the newest event (${source.latestId})`);
        return;
      }
      const claim = slots.claim(options.clientOf(req));
      if (!claim.ok) {
        sendProblem(res, claim.status, claim.detail, {'Retry-After': SLOT_RETRY_AFTER_SECONDS});
        return;
      }
      parked.set(res, {since, metered, claim, deadline: performance.now() + options.timeoutMs});
      unsubscribe ??= source.subscribe(answerAll);
      armHoldTimer();
      res.on('close', onClose);
    },
    releaseAll() {
      for (const res of [...parked.keys()]) {
        finish(res);
        // Connection: close, so the server's shutdown does not wait for this keep-alive connection.
        if (!res.headersSent) {
          sendProblem(res, 503, 'The demo server is restarting; poll again', {
            'Retry-After': SLOT_RETRY_AFTER_SECONDS,
            Connection: 'close',
          });
        }
      }
    },
    get open() {
      return slots.size;
    },
  };
}
