import {describe, expect, it} from 'vitest';
import {
  headerValue,
  pageSummary,
  readyStates,
  reconnectDelays,
  serverRequests,
  withoutAttempt,
  type TimelineEntry,
} from '../../../../../src/components/EventSourceFailures/timeline.ts';

/** What the page saw of a stream that ended twice with retry: 500, then was closed by the page. */
const ending: TimelineEntry[] = [
  {at: 0, kind: 'created', readyState: 0},
  {at: 40, kind: 'open', readyState: 1},
  {at: 41, kind: 'message', readyState: 1, lastEventId: '1'},
  {at: 1050, kind: 'error', readyState: 0},
  {at: 1560, kind: 'open', readyState: 1},
  {at: 1561, kind: 'message', readyState: 1, lastEventId: '2'},
  {at: 2570, kind: 'error', readyState: 0},
  {at: 3082.6, kind: 'open', readyState: 1},
  {at: 3083, kind: 'message', readyState: 1, lastEventId: '3'},
  {at: 3084, kind: 'closed-by-page', readyState: 2},
];

describe('the page’s timeline', () => {
  it('lists each readyState change once, in order', () => {
    expect(readyStates(ending)).toEqual([0, 1, 0, 1, 0, 1, 2]);
    expect(
      readyStates([
        {at: 0, kind: 'created', readyState: 0},
        {at: 9, kind: 'error', readyState: 2},
      ]),
    ).toEqual([0, 2]);
  });

  it('measures each reconnection from the error that left CONNECTING to the next open', () => {
    const delays = reconnectDelays(ending);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBe(510);
    expect(delays[1]).toBeCloseTo(512.6);
  });

  it('counts no delay for an error the browser gave up on, or one the page closed before the open', () => {
    expect(
      reconnectDelays([
        {at: 0, kind: 'created', readyState: 0},
        {at: 9, kind: 'error', readyState: 2},
      ]),
    ).toEqual([]);
    expect(reconnectDelays(ending.slice(0, 4))).toEqual([]);
  });

  it('sums the page’s side up in a sentence', () => {
    expect(pageSummary(ending)).toBe(
      'readyState 0 → 1 → 0 → 1 → 0 → 1 → 2; 2 “error” events; reconnected after 510 ms, 513 ms.',
    );
  });
});

describe('the server’s record, request by request', () => {
  it('reads the target, Last-Event-ID, status and the gap after the previous request ended', () => {
    const requests = serverRequests([
      {
        at: 1000,
        request: 'GET /events/faults?case=redirect&attempt=abcdefgh HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream',
        response: 'HTTP/1.1 307 Temporary Redirect\r\nLocation: /events/faults?case=end-retry',
        endedAt: 1002,
      },
      {
        at: 1010,
        request: 'GET /events/faults?case=end-retry&attempt=abcdefgh HTTP/1.1\r\nlast-event-id: 4',
        response: null,
        endedAt: null,
      },
    ]);
    expect(requests).toEqual([
      {
        target: '/events/faults?case=redirect&attempt=abcdefgh',
        lastEventId: null,
        status: '307 Temporary Redirect',
        afterPreviousEndMs: null,
      },
      {target: '/events/faults?case=end-retry&attempt=abcdefgh', lastEventId: '4', status: null, afterPreviousEndMs: 8},
    ]);
  });

  it('finds a header by name in any case, and only a whole name', () => {
    expect(headerValue('GET / HTTP/1.1\r\nLast-Event-IDs: 9\r\nLAST-EVENT-ID:  7 ', 'Last-Event-ID')).toBe('7');
    expect(headerValue('GET / HTTP/1.1', 'Last-Event-ID')).toBeNull();
  });

  it('shortens a request-target by its attempt parameter, wherever it sits', () => {
    expect(withoutAttempt('/events/faults?case=end&attempt=abcdefgh')).toBe('/events/faults?case=end');
    expect(withoutAttempt('/events/faults?attempt=abcdefgh&case=end')).toBe('/events/faults?case=end');
    expect(withoutAttempt('/events/faults?attempt=abcdefgh')).toBe('/events/faults');
  });
});
