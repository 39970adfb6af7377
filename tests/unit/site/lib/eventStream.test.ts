import {describe, expect, it} from 'vitest';
import {createEventStreamParser, type EventStreamEvent} from '../../../../src/lib/eventStream.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Feeds `input` cut at `cuts` (byte offsets); returns every event and the parser. */
function parseCut(input: Uint8Array, cuts: readonly number[] = []) {
  const parser = createEventStreamParser();
  const events: EventStreamEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    events.push(...parser.push(input.subarray(from, cut)));
    from = cut;
  }
  return {events, parser};
}

const parse = (text: string) => parseCut(bytes(text)).events;

describe('event-stream interpretation (WHATWG HTML §9.2.6)', () => {
  it('dispatches on a blank line, with the type message and no trailing LF', () => {
    expect(parse('data: hello\n\n')).toEqual([{type: 'message', data: 'hello', lastEventId: ''}]);
  });

  it('ends lines at CRLF, at LF and at CR alone, in any mix', () => {
    const expected = [
      {type: 'message', data: 'a', lastEventId: ''},
      {type: 'message', data: 'b', lastEventId: ''},
      {type: 'message', data: 'c', lastEventId: ''},
    ];
    expect(parse('data: a\r\n\r\ndata: b\n\ndata: c\r\r')).toEqual(expected);
    expect(parse('data: a\r\n\ndata: b\r\rdata: c\n\r')).toEqual(expected);
  });

  it('joins multi-line data with LF, and keeps a value’s second space', () => {
    expect(parse('data: one\ndata:  two\ndata\n\n')).toEqual([{type: 'message', data: 'one\n two\n', lastEventId: ''}]);
  });

  it('ignores comments, unknown fields and fields whose names differ in case', () => {
    expect(parse(': a comment\nfoo: bar\nData: no\nEVENT: x\ndata: yes\n\n')).toEqual([
      {type: 'message', data: 'yes', lastEventId: ''},
    ]);
  });

  it('names the event type from `event:`, then forgets it for the next event', () => {
    expect(parse('event: done\ndata: 1\n\ndata: 2\n\n').map((event) => event.type)).toEqual(['done', 'message']);
  });

  it('dispatches nothing for an event with no data, but resets its type and keeps its id', () => {
    const {events, parser} = parseCut(bytes('event: x\nid: 7\n\ndata: after\n\n'));
    expect(events).toEqual([{type: 'message', data: 'after', lastEventId: '7'}]);
    expect(parser.lastEventId).toBe('7');
  });

  it('keeps the last event ID for events without an id, and ignores an id with NULL', () => {
    expect(parse('id: 1\ndata: a\n\ndata: b\n\nid: 2\u0000\ndata: c\n\nid\ndata: d\n\n')).toEqual([
      {type: 'message', data: 'a', lastEventId: '1'},
      {type: 'message', data: 'b', lastEventId: '1'},
      {type: 'message', data: 'c', lastEventId: '1'},
      {type: 'message', data: 'd', lastEventId: ''},
    ]);
  });

  it('takes retry only when it is all ASCII digits', () => {
    expect(parseCut(bytes('retry: 2500\n\n')).parser.reconnectionTime).toBe(2500);
    expect(
      parseCut(bytes('retry: 2500\nretry: 1e3\nretry: -1\nretry: 10 \nretry: ٣\n\n')).parser.reconnectionTime,
    ).toBe(2500);
    expect(parseCut(bytes('retry:\n\n')).parser.reconnectionTime).toBeNull();
  });

  it('drops one leading byte order mark, not a second, and no BOM after the start', () => {
    expect(parse('\uFEFFdata: a\n\n')).toEqual([{type: 'message', data: 'a', lastEventId: ''}]);
    // A second BOM makes the first field's name "\uFEFFdata", which is no field.
    expect(parse('\uFEFF\uFEFFdata: a\n\ndata: b\n\n')).toEqual([{type: 'message', data: 'b', lastEventId: ''}]);
  });

  it('a field with no colon is that field with an empty value', () => {
    expect(parse('data\ndata\n\n')).toEqual([{type: 'message', data: '\n', lastEventId: ''}]);
  });

  it('drops an event the stream ends in the middle of', () => {
    const parser = createEventStreamParser();
    expect(parser.push(bytes('data: complete\n\ndata: cut off\n'))).toHaveLength(1);
    expect(parser.pending.data).toBe('cut off\n');
    parser.end();
    expect(parser.pending).toEqual({line: '', data: '', eventType: '', lines: 0});
  });
});

describe('chunk boundaries anywhere', () => {
  const stream =
    '\uFEFFretry: 3000\r\n: comment\r\nid: 1\r\ndata: caf\u00e9 \u2014 \u{1F6F0}\r\n\r\nevent: done\rdata: {"a":1}\r\rid: 2\ndata: x\ndata: y\n\n';
  const whole = parseCut(bytes(stream));

  it('gives the same events and retry whichever byte the stream is cut at, once or twice', () => {
    const input = bytes(stream);
    expect(whole.events).toHaveLength(3);
    for (let a = 0; a <= input.length; a += 1) {
      for (let b = a; b <= input.length; b += 3) {
        const cut = parseCut(input, [a, b]);
        expect(cut.events, `cut at ${a} and ${b}`).toEqual(whole.events);
        expect(cut.parser.reconnectionTime).toBe(3000);
      }
    }
  });

  it('gives the same events fed one byte at a time', () => {
    const input = bytes(stream);
    const cuts = Array.from({length: input.length}, (_, i) => i);
    expect(parseCut(input, cuts).events).toEqual(whole.events);
  });

  it('does not take the LF of a CRLF cut in two for a blank line', () => {
    const parser = createEventStreamParser();
    expect(parser.push(bytes('data: a\r'))).toEqual([]);
    expect(parser.push(bytes('\ndata: b\r'))).toEqual([]);
    expect(parser.push(new Uint8Array())).toEqual([]);
    expect(parser.push(bytes('\n\r\n'))).toEqual([{type: 'message', data: 'a\nb', lastEventId: ''}]);
  });

  it('decodes a character whose bytes arrive in different chunks once, not as two replacement characters', () => {
    const input = bytes('data: \u{1F6F0}\n\n');
    // The four bytes of U+1F6F0 are at offsets 6 to 9.
    const {events} = parseCut(input, [7, 8, 9]);
    expect(events).toEqual([{type: 'message', data: '\u{1F6F0}', lastEventId: ''}]);
  });

  it('shows an unfinished line and unfinished data as pending', () => {
    const parser = createEventStreamParser();
    parser.push(bytes('event: done\ndata: {"tok'));
    expect(parser.pending).toEqual({line: 'data: {"tok', data: '', eventType: 'done', lines: 1});
  });
});
