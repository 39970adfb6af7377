/**
 * What the page saw of one EventSource, as a timeline, and the figures read from it: the readyState after each
 * event, how long each reconnection took, and a sentence for the reader. Pure, so it is tested without a browser.
 */

/** `EventSource.readyState`: CONNECTING, OPEN, CLOSED (WHATWG HTML §9.2.2). */
export type ReadyState = 0 | 1 | 2;

export const READY_STATE_NAMES: Record<ReadyState, string> = {0: 'CONNECTING', 1: 'OPEN', 2: 'CLOSED'};

/**
 * One thing the page saw, `at` ms after it made the EventSource: its creation, an `open`, `message` or `heartbeat`
 * event, an `error`, the page's own `close()`, or the page noticing a late heartbeat. `readyState` is read right
 * after, in the event's own task, so it is the state the event left behind.
 */
export interface TimelineEntry {
  at: number;
  kind: 'created' | 'open' | 'message' | 'heartbeat' | 'error' | 'late' | 'closed-by-page';
  readyState: ReadyState;
  /** For a message: its data's `n` and the `lastEventId` the event carried. */
  lastEventId?: string;
  /** For a message: the MessageEvent's origin. */
  origin?: string;
}

/** The readyState values in the order the page saw them, each change once: `[0, 1, 0, 1, 2]`. */
export function readyStates(entries: readonly TimelineEntry[]): ReadyState[] {
  const states: ReadyState[] = [];
  for (const entry of entries) if (states.at(-1) !== entry.readyState) states.push(entry.readyState);
  return states;
}

/**
 * Each reconnection the browser made by itself: from the `error` that left readyState at 0 (CONNECTING) to the
 * next `open`, in ms. An error followed by no open (the page closed first) counts no delay.
 */
export function reconnectDelays(entries: readonly TimelineEntry[]): number[] {
  const delays: number[] = [];
  let waitingSince: number | null = null;
  for (const entry of entries) {
    if (entry.kind === 'error' && entry.readyState === 0) waitingSince = entry.at;
    else if (entry.kind === 'open' && waitingSince !== null) {
      delays.push(entry.at - waitingSince);
      waitingSince = null;
    }
  }
  return delays;
}

/** How many of each kind of event the page saw. */
export function countOf(entries: readonly TimelineEntry[], kind: TimelineEntry['kind']): number {
  return entries.filter((entry) => entry.kind === kind).length;
}

/** What the entry was, in words, for the timeline and for screen readers. */
export function describeEntry(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'created':
      return 'new EventSource(url)';
    case 'open':
      return '“open” event';
    case 'message':
      return `“message” event, lastEventId “${entry.lastEventId ?? ''}”`;
    case 'heartbeat':
      return '“heartbeat” event';
    case 'error':
      return entry.readyState === 2 ? '“error” event: the browser gave up' : '“error” event: the browser will retry';
    case 'late':
      return 'no heartbeat in time: the page noticed the silence';
    case 'closed-by-page':
      return 'the page called close()';
  }
}

/** The page's side in one sentence: what a reader could have learnt from the EventSource alone. */
export function pageSummary(entries: readonly TimelineEntry[]): string {
  const states = readyStates(entries)
    .map((state) => `${state}`)
    .join(' → ');
  const errors = countOf(entries, 'error');
  const delays = reconnectDelays(entries);
  const parts = [`readyState ${states}`, `${errors} “error” event${errors === 1 ? '' : 's'}`];
  if (delays.length > 0) parts.push(`reconnected after ${delays.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
  return `${parts.join('; ')}.`;
}

/** One request of the attempt as the server received it, reduced to what this demo compares. */
export interface ServerRequest {
  /** The request-target, as received. */
  target: string;
  /** The Last-Event-ID header the browser sent, or null when it sent none. */
  lastEventId: string | null;
  /** The status line the server wrote, or null when it never answered. */
  status: string | null;
  /** Server clock ms from the previous request's end to this one's arrival: the reconnection delay it saw. */
  afterPreviousEndMs: number | null;
}

/** The field value of the first header line named `name` (any case) in a CRLF-separated head, or null. */
export function headerValue(head: string, name: string): string | null {
  const prefix = `${name.toLowerCase()}:`;
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(prefix));
  return line === undefined ? null : line.slice(prefix.length).trim();
}

/** A request-target without its `attempt` parameter, which every request of an attempt repeats. */
export function withoutAttempt(target: string): string {
  return target.replace(/([?&])attempt=[^&]*&?/, '$1').replace(/[?&]$/, '');
}

/** Each request of the server's record, in order, as {@link ServerRequest}s. */
export function serverRequests(
  exchanges: readonly {at: number; request: string; response: string | null; endedAt: number | null}[],
): ServerRequest[] {
  return exchanges.map((exchange, i) => {
    const previousEnd = i === 0 ? null : (exchanges[i - 1]?.endedAt ?? null);
    return {
      target: exchange.request.split('\r\n')[0]?.split(' ')[1] ?? '',
      lastEventId: headerValue(exchange.request, 'Last-Event-ID'),
      status: exchange.response?.split('\r\n')[0]?.replace(/^HTTP\/\d\.\d /, '') ?? null,
      afterPreviousEndMs: previousEnd === null ? null : exchange.at - previousEnd,
    };
  });
}
