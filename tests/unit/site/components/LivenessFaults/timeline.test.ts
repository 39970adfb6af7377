import {describe as suite, expect, it} from 'vitest';
import {
  describe,
  withHeartbeat,
  withPing,
  withPong,
  type TimelineEntry,
} from '../../../../../src/components/LivenessFaults/timeline.ts';
import {commandFor, DEFAULT_SETTINGS} from '../../../../../src/components/LivenessFaults/faults.ts';

suite('the liveness timeline', () => {
  it('folds answered heartbeats and pings into runs until something else happens', () => {
    let entries: TimelineEntry[] = [{side: 'page', kind: 'open', at: 0}];
    entries = withHeartbeat(entries, {at: 1000, n: 1, roundTripMs: 2, bufferedAmount: 0});
    entries = withPing(entries, {at: 2000, n: 1});
    entries = withPong(entries, {at: 2001, n: 1, roundTripMs: 0.6});
    entries = withHeartbeat(entries, {at: 2002, n: 2, roundTripMs: 5, bufferedAmount: 0});
    expect(entries.map((entry) => entry.kind)).toEqual(['open', 'heartbeats', 'pings']);
    expect(describe(entries[1] as TimelineEntry)).toBe('heartbeats 1–2 answered, round trip 2–5 ms (bufferedAmount 0)');
    expect(describe(entries[2] as TimelineEntry)).toMatch(/^ping 1 sent, 1 pong back, round trip 0\.6 ms/);
    entries = [...entries, {side: 'server', kind: 'fault', at: 2500, command: 'stop-pinging', detail: 'd'}];
    entries = withHeartbeat(entries, {at: 3000, n: 3, roundTripMs: 1, bufferedAmount: 0});
    expect(entries.map((entry) => entry.kind)).toEqual(['open', 'heartbeats', 'pings', 'fault', 'heartbeats']);
    expect(describe(entries[4] as TimelineEntry)).toBe('heartbeat 3 answered, round trip 1 ms (bufferedAmount 0)');
  });

  it('a pong with no ping run open adds nothing', () => {
    const entries: TimelineEntry[] = [{side: 'page', kind: 'open', at: 0}];
    expect(withPong(entries, {at: 1, n: 1, roundTripMs: 1})).toEqual(entries);
  });

  it('says what the page saw of a close, in the page’s words', () => {
    expect(describe({side: 'page', kind: 'close', at: 1, code: 1006, reason: '', wasClean: false})).toMatch(
      /^close event: code 1006 \(.+\), reason "", wasClean false$/,
    );
  });

  it('sends the close code as typed: a number, or the text for the server to refuse', () => {
    expect(commandFor('close', {...DEFAULT_SETTINGS, code: '4321', reason: 'r'})).toEqual({
      type: 'close',
      code: 4321,
      reason: 'r',
    });
    expect(commandFor('close', {...DEFAULT_SETTINGS, code: 'abc'})).toMatchObject({code: 'abc'});
    expect(commandFor('half-open', {...DEFAULT_SETTINGS, halfOpenMs: 5000})).toEqual({type: 'half-open', forMs: 5000});
  });
});
