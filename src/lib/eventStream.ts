/**
 * A `text/event-stream` parser for a page that reads the stream itself (with
 * `fetch` and `response.body.getReader()`), following the HTML standard's
 * algorithm step by step (WHATWG HTML §9.2.6, "Interpreting an event stream"):
 *
 * - the bytes are decoded as UTF-8, in a streaming decoder, so that a
 *   character whose bytes arrive in two chunks is decoded once both are here,
 *   and one leading byte order mark is dropped (the UTF-8 decode algorithm
 *   does both);
 * - a line ends at CRLF, at LF, or at CR alone. A CR at the end of a chunk ends
 *   its line at once; an LF at the start of the next chunk is then the rest of
 *   that CRLF, not an empty line (which would dispatch an event);
 * - a blank line dispatches the event; a line starting with `:` is a comment;
 *   `field: value` loses one space after the colon; `event`, `data`, `id` (not
 *   with a NULL in it) and `retry` (ASCII digits only) are the fields, compared
 *   case-sensitively, and any other is ignored;
 * - dispatching sets the last event ID even when there is no data; with no
 *   data, nothing is dispatched; one trailing LF is removed from the data; an
 *   empty event type is `message`;
 * - at the end of the stream, an event not finished by a blank line is dropped.
 *
 * Pure: no DOM, no timers. Unit-tested in tests/unit/site/lib/eventStream.test.ts.
 */

/** One dispatched event, as `EventSource` would give it to a listener. */
export interface EventStreamEvent {
  /** The `event:` field, or `message`. */
  type: string;
  data: string;
  /** The last event ID after this event: its own `id:`, or the one before it (HTML §9.2.6, the note after the steps). */
  lastEventId: string;
}

export interface EventStreamParser {
  /** Feeds the next bytes of the body; returns the events they completed, in order. */
  push(bytes: Uint8Array): EventStreamEvent[];
  /** The body ended: drops any unfinished event (and returns nothing, as the standard says). */
  end(): void;
  /** The last `retry:` value, in milliseconds, or null while there has been none. */
  readonly reconnectionTime: number | null;
  /** The last event ID string (set at each dispatch). */
  readonly lastEventId: string;
  /**
   * Text received but not yet part of a dispatched event: the unfinished line, the fields read so far, and how many
   * lines have been read since the last blank line.
   */
  readonly pending: {line: string; data: string; eventType: string; lines: number};
}

const LF = '\n';
const CR = '\r';
const ASCII_DIGITS = /^[0-9]+$/;

export function createEventStreamParser(): EventStreamParser {
  // `ignoreBOM: false` (the default) drops one leading BOM: the UTF-8 decode algorithm.
  const decoder = new TextDecoder('utf-8');
  let line = '';
  /** The last chunk ended in CR: an LF first in the next one completes that CRLF. */
  let afterCr = false;
  let data = '';
  let eventType = '';
  let lastEventIdBuffer = '';
  let lastEventId = '';
  let reconnectionTime: number | null = null;
  /** Lines since the last blank line: for showing where a chunk was cut, not part of the algorithm. */
  let lines = 0;

  const dispatch = (events: EventStreamEvent[]) => {
    lastEventId = lastEventIdBuffer;
    if (data === '') {
      eventType = '';
      return;
    }
    const text = data.endsWith(LF) ? data.slice(0, -1) : data;
    events.push({type: eventType === '' ? 'message' : eventType, data: text, lastEventId});
    data = '';
    eventType = '';
  };

  const processField = (field: string, value: string) => {
    switch (field) {
      case 'event':
        eventType = value;
        return;
      case 'data':
        data += value + LF;
        return;
      case 'id':
        if (!value.includes('\0')) lastEventIdBuffer = value;
        return;
      case 'retry':
        if (ASCII_DIGITS.test(value)) reconnectionTime = Number.parseInt(value, 10);
        return;
      default:
      // Any other field is ignored.
    }
  };

  const processLine = (text: string, events: EventStreamEvent[]) => {
    if (text === '') {
      lines = 0;
      dispatch(events);
      return;
    }
    lines += 1;
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    if (colon < 0) {
      processField(text, '');
      return;
    }
    const value = text.slice(colon + 1);
    processField(text.slice(0, colon), value.startsWith(' ') ? value.slice(1) : value);
  };

  const feed = (text: string, events: EventStreamEvent[]) => {
    // Bytes that end inside a character decode to nothing yet: a CR before them still waits for its LF.
    if (text === '') return;
    let start = 0;
    if (afterCr && text.startsWith(LF)) start = 1;
    afterCr = false;
    for (let i = start; i < text.length; i += 1) {
      const c = text[i];
      if (c !== CR && c !== LF) continue;
      processLine(line + text.slice(start, i), events);
      line = '';
      if (c === CR) {
        if (i + 1 === text.length) afterCr = true;
        else if (text[i + 1] === LF) i += 1;
      }
      start = i + 1;
    }
    line += text.slice(start);
  };

  return {
    push(bytes) {
      const events: EventStreamEvent[] = [];
      feed(decoder.decode(bytes, {stream: true}), events);
      return events;
    },
    end() {
      // What the decoder still holds (an unfinished UTF-8 sequence) becomes U+FFFD, on the unfinished line,
      // which is dropped with the unfinished event: "any pending data must be discarded".
      decoder.decode();
      line = '';
      data = '';
      eventType = '';
      afterCr = false;
      lines = 0;
    },
    get reconnectionTime() {
      return reconnectionTime;
    },
    get lastEventId() {
      return lastEventId;
    },
    get pending() {
      return {line, data, eventType, lines};
    },
  };
}
