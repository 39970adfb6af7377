/**
 * The cases of the EventSource failures demo, in the order the article tells them: what each asks the server for,
 * when the page stops watching, and which step of WHATWG HTML §9.2.3 ("Processing model") decides what the browser
 * does. The numbers come from the server's own limits, so the page says what the server does.
 */
import type {EventFaultCase} from '../../../demo-server/src/contract/eventFaults.ts';
import {EVENT_FAULT_LIMITS} from '../../../demo-server/src/limits.ts';

const PROCESSING_MODEL = 'https://html.spec.whatwg.org/multipage/server-sent-events.html';

/** The step of the processing model that decides a case, with the anchor the standard gives it. */
export interface DecidingStep {
  /** The section of WHATWG HTML that defines it. */
  section: string;
  name: string;
  url: string;
}

export const STEPS = {
  fail: {section: '9.2.3', name: 'fail the connection', url: `${PROCESSING_MODEL}#fail-the-connection`},
  reestablish: {
    section: '9.2.3',
    name: 'reestablish the connection',
    url: `${PROCESSING_MODEL}#reestablish-the-connection`,
  },
  announce: {section: '9.2.3', name: 'announce the connection', url: `${PROCESSING_MODEL}#announce-the-connection`},
  reconnectionTime: {
    section: '9.2.2',
    name: 'reconnection time',
    url: `${PROCESSING_MODEL}#concept-event-stream-reconnection-time`,
  },
  ignoreComment: {
    section: '9.2.6',
    name: 'a line that starts with a colon: ignore the line',
    url: `${PROCESSING_MODEL}#event-stream-interpretation`,
  },
  dispatch: {section: '9.2.6', name: 'dispatch the event', url: `${PROCESSING_MODEL}#dispatchMessage`},
} as const satisfies Record<string, DecidingStep>;

/**
 * When the page stops watching a case by itself:
 * - `gave-up`: the browser closed the EventSource (readyState 2), so there is nothing left to watch;
 * - `reconnects`: after this many reconnections, once the last one has delivered its event;
 * - `quiet`: after this long open with nothing from the server;
 * - `watchdog`: the page's own heartbeat check, which closes the stream when a heartbeat is this late.
 * Every case also stops at `MAX_CASE_MS`, whatever happens.
 */
export type StopRule =
  | {kind: 'gave-up'}
  | {kind: 'reconnects'; count: number}
  | {kind: 'quiet'; ms: number}
  | {kind: 'watchdog'; lateMs: number};

export interface CaseSpec {
  id: EventFaultCase;
  /** The button's text. */
  label: string;
  /** What the server answers, in a sentence. */
  server: string;
  /** What the standard has the browser do, in a sentence naming the step. */
  decides: string;
  step: DecidingStep;
  stop: StopRule;
}

const {retryHintMs, endAfterMs, heartbeatMs, heartbeats} = EVENT_FAULT_LIMITS;

/** Reconnections the page lets the ending cases make before it closes the EventSource itself. */
export const RECONNECTS_WATCHED = 2;
/** How long the page waits for anything from a quiet stream: past the server's last heartbeat, and then some. */
export const QUIET_WATCH_MS = heartbeats * heartbeatMs + 2_000;
/** The page's heartbeat check: a heartbeat this late means the stream has gone silent. */
export const HEARTBEAT_LATE_MS = 2 * heartbeatMs;
/** No case is watched longer than this. */
export const MAX_CASE_MS = 15_000;

export const CASES: readonly CaseSpec[] = [
  {
    id: 'no-content',
    label: '204 No Content',
    server: 'answers 204 No Content, with no body',
    decides: 'a status other than 200 makes the browser fail the connection: readyState 2 and no reconnection, ever',
    step: STEPS.fail,
    stop: {kind: 'gave-up'},
  },
  {
    id: 'wrong-type',
    label: '200, wrong type',
    server: 'answers 200 with Content-Type: text/plain, and a body that would be a valid event stream',
    decides: 'a 200 whose type is not text/event-stream fails the connection too: the body is never parsed',
    step: STEPS.fail,
    stop: {kind: 'gave-up'},
  },
  {
    id: 'server-error',
    label: '500',
    server: 'answers 500 Internal Server Error',
    decides: 'a 500 is one more status that fails the connection: a server’s bad moment ends the stream for good',
    step: STEPS.fail,
    stop: {kind: 'gave-up'},
  },
  {
    id: 'redirect',
    label: '307 redirect',
    server: `answers 307 to the end-retry stream on the same path (retry: ${retryHintMs}, one event, an end after ${endAfterMs} ms)`,
    decides:
      'the redirect is followed inside the fetch; the stream it leads to is a 200 text/event-stream, so the browser announces the connection',
    step: STEPS.announce,
    stop: {kind: 'reconnects', count: RECONNECTS_WATCHED},
  },
  {
    id: 'end-retry',
    label: `Ends, retry: ${retryHintMs}`,
    server: `sends retry: ${retryHintMs} and one event with an id, then ends the response cleanly after ${endAfterMs} ms`,
    decides: `the end of a good stream makes the browser reestablish the connection after the reconnection time, which retry: set to ${retryHintMs} ms, sending Last-Event-ID`,
    step: STEPS.reestablish,
    stop: {kind: 'reconnects', count: RECONNECTS_WATCHED},
  },
  {
    id: 'end',
    label: 'Ends, no retry',
    server: `sends one event with an id and no retry field, then ends the response cleanly after ${endAfterMs} ms`,
    decides:
      'the browser reestablishes the connection after its own reconnection time, which the standard leaves to the browser',
    step: STEPS.reconnectionTime,
    stop: {kind: 'reconnects', count: RECONNECTS_WATCHED},
  },
  {
    id: 'silent',
    label: 'Goes silent',
    server: 'sends one event, then not a byte, with the connection left open',
    decides:
      'nothing in the processing model runs while no byte arrives: readyState stays 1 and no event fires, so the page cannot tell silence from a quiet stream',
    step: STEPS.announce,
    stop: {kind: 'quiet', ms: QUIET_WATCH_MS},
  },
  {
    id: 'heartbeat-comment',
    label: 'Heartbeat comments',
    server: `sends one event, then a “: heartbeat” comment line every ${heartbeatMs} ms, ${heartbeats} times, then goes silent`,
    decides:
      'a line that starts with a colon is ignored by the parser: the comments keep the connection busy for proxies and for the server, but reach no script',
    step: STEPS.ignoreComment,
    stop: {kind: 'quiet', ms: QUIET_WATCH_MS},
  },
  {
    id: 'heartbeat-event',
    label: 'Heartbeat events',
    server: `sends one event, then a heartbeat event every ${heartbeatMs} ms, ${heartbeats} times, then goes silent`,
    decides: `events do reach the page, so it can keep its own watch: this page closes the stream when a heartbeat is ${HEARTBEAT_LATE_MS} ms late`,
    step: STEPS.dispatch,
    stop: {kind: 'watchdog', lateMs: HEARTBEAT_LATE_MS},
  },
];
