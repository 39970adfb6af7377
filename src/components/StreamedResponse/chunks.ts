/**
 * What the demo says about each network chunk the page's reader gave it: how many bytes, how many events it
 * finished, and where it was cut relative to the event stream's structure (HTML §9.2.6 reads lines, and a blank
 * line finishes an event). Pure, so it is tested without a browser.
 */
import type {EventStreamParser} from '../../lib/eventStream.ts';

/** Where a chunk ended, in the stream's own terms. */
export type ChunkCut =
  /** Right after the blank line that finished an event: the only place a naive reader would expect. */
  | 'event-end'
  /** After a line's end, with the event still unfinished (its blank line comes in a later chunk). */
  | 'line-end'
  /** In the middle of a line. */
  | 'mid-line'
  /** Inside a character UTF-8 writes in several bytes: the decoder holds its first bytes. */
  | 'mid-character';

export interface ChunkView {
  n: number;
  /** Milliseconds since the request was sent. */
  at: number;
  bytes: number;
  /** The chunk as text, with line ends and an unfinished character made visible. */
  shown: string;
  /** Events this chunk finished. */
  events: number;
  cut: ChunkCut;
}

export const CUT_TEXT: Readonly<Record<ChunkCut, string>> = {
  'event-end': 'at the end of an event',
  'line-end': 'after a line, before the blank line that ends the event',
  'mid-line': 'in the middle of a line',
  'mid-character': 'inside a character',
};

/** How many bytes at the end of `bytes` begin a UTF-8 sequence that the chunk does not finish (0 to 3). */
export function unfinishedUtf8(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    if (byte < 0x80) return 0;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return length > back ? back : 0;
  }
  return 0;
}

/** The chunk's text for display: LF as `\n` and CR as `\r` (then a line break), an unfinished character's bytes in hex. */
export function showChunk(bytes: Uint8Array): string {
  const open = unfinishedUtf8(bytes);
  const text = new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes.subarray(0, bytes.length - open));
  // A chunk may also begin with the rest of a character the previous one cut: the decoder shows those as U+FFFD.
  const tail = [...bytes.subarray(bytes.length - open)].map((byte) => `‹${byte.toString(16).padStart(2, '0')}›`);
  return text.replace(/\r\n|\r|\n/g, (end) => `${end.replace('\r', '\\r').replace('\n', '\\n')}\n`) + tail.join('');
}

/** Where the chunk just pushed into `parser` was cut, read from what the parser still holds. */
export function cutOf(bytes: Uint8Array, parser: Pick<EventStreamParser, 'pending'>): ChunkCut {
  if (unfinishedUtf8(bytes) > 0) return 'mid-character';
  const {line, lines} = parser.pending;
  if (line !== '') return 'mid-line';
  return lines === 0 ? 'event-end' : 'line-end';
}
