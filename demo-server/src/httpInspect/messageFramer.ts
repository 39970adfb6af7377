/**
 * Finds where each HTTP/1.1 request begins and ends in the bytes of one
 * connection (RFC 9112 §6.3, message body length), so that the inspector can
 * cut exactly one request out of a keep-alive or pipelined stream.
 *
 * It does not decide what is valid: Node's parser does, and a request Node
 * refused never reaches the inspector. The framer only follows the framing
 * of requests Node accepted: leading empty lines (§2.2), a head ending in an
 * empty line, then a body by `Transfer-Encoding: chunked` (§7.1), by
 * `Content-Length` (§6.2), or none. Anything it cannot follow (a bare LF, a
 * bad chunk size, a part past `maxMessageBytes`) stops it for good, and the
 * inspector then says it could not cut the request rather than guess.
 */

export interface FramedMessage {
  /** The message's bytes, from its first byte (a leading empty line included) to its last. */
  bytes: Buffer;
}

type State =
  | {kind: 'start'}
  | {kind: 'head'}
  | {kind: 'body'; remaining: number}
  | {kind: 'chunk-size'}
  | {kind: 'chunk-data'; remaining: number}
  | {kind: 'chunk-end'; remaining: number}
  | {kind: 'trailers'};

const CR = 0x0d;
const LF = 0x0a;

/** The framing a request head declares: a chunked body, a body of so many bytes, or null when it cannot be read. */
export function bodyFraming(head: string): {chunked: true} | {chunked: false; length: number} | null {
  let chunked = false;
  let length: number | undefined;
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'transfer-encoding') {
      // The final coding decides (RFC 9112 §6.3 item 4); Node accepts a request only when it is chunked.
      const codings = value.split(',').map((coding) => coding.trim().toLowerCase());
      chunked = codings.at(-1) === 'chunked';
    } else if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value)) return null;
      length = Number(value);
    }
  }
  if (chunked) return {chunked: true};
  return {chunked: false, length: length ?? 0};
}

/**
 * A framer for one connection's bytes. `push` takes each chunk as it
 * arrives; `onMessage` hears of each whole request in order. `current()` is
 * what has arrived of the request not yet whole.
 */
export function createMessageFramer(maxMessageBytes: number, onMessage: (message: FramedMessage) => void) {
  let state: State = {kind: 'start'};
  let parts: Buffer[] = [];
  let size = 0;
  /** What has arrived of the head, of a chunk-size line or of a trailer line, as latin1 text. */
  let text = '';
  let stopped = false;
  /**
   * Consumes `chunk` from `offset`: returns how far it read and whether the message ended there, or null when
   * the bytes cannot be framed.
   */
  const step = (chunk: Buffer, offset: number): {end: number; complete: boolean} | null => {
    let i = offset;
    while (i < chunk.length) {
      switch (state.kind) {
        case 'start': {
          const byte = chunk[i];
          if (byte === CR || byte === LF) {
            i += 1;
            break;
          }
          state = {kind: 'head'};
          text = '';
          break;
        }
        case 'head': {
          const before = text.length;
          const combined = text + chunk.toString('latin1', i);
          // The empty line may straddle two chunks: search from just before this chunk's bytes.
          const found = combined.indexOf('\r\n\r\n', Math.max(0, before - 3));
          if (found === -1) {
            text = combined;
            i = chunk.length;
            break;
          }
          i += found + 4 - before;
          const framing = bodyFraming(combined.slice(0, found));
          text = '';
          if (framing === null) return null;
          if (framing.chunked) {
            state = {kind: 'chunk-size'};
          } else if (framing.length > 0) {
            state = {kind: 'body', remaining: framing.length};
          } else {
            return {end: i, complete: true};
          }
          break;
        }
        case 'body': {
          const take = Math.min(state.remaining, chunk.length - i);
          i += take;
          if (take === state.remaining) {
            return {end: i, complete: true};
          }
          state = {kind: 'body', remaining: state.remaining - take};
          break;
        }
        case 'chunk-size':
        case 'trailers': {
          const lf = chunk.indexOf(LF, i);
          text += chunk.toString('latin1', i, lf === -1 ? chunk.length : lf + 1);
          if (lf === -1) {
            i = chunk.length;
            break;
          }
          i = lf + 1;
          if (!text.endsWith('\r\n')) return null;
          const lineText = text;
          text = '';
          if (state.kind === 'trailers') {
            // trailer-section, then the empty line that ends the message (RFC 9112 §7.1.2).
            if (lineText === '\r\n') {
              return {end: i, complete: true};
            }
            break;
          }
          // chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1, §7.1.1): the size is the hex digits before any extension.
          const digits = /^([0-9A-Fa-f]{1,8})(?:[\t ;]|\r\n)/.exec(lineText);
          if (digits === null) return null;
          const chunkSize = parseInt(digits[1] ?? '0', 16);
          state = chunkSize === 0 ? {kind: 'trailers'} : {kind: 'chunk-data', remaining: chunkSize};
          break;
        }
        case 'chunk-data': {
          const take = Math.min(state.remaining, chunk.length - i);
          i += take;
          state =
            take === state.remaining
              ? {kind: 'chunk-end', remaining: 2}
              : {kind: 'chunk-data', remaining: state.remaining - take};
          break;
        }
        case 'chunk-end': {
          // The CRLF after a chunk's data.
          if (chunk[i] !== (state.remaining === 2 ? CR : LF)) return null;
          i += 1;
          state = state.remaining === 2 ? {kind: 'chunk-end', remaining: 1} : {kind: 'chunk-size'};
          break;
        }
      }
    }
    return {end: chunk.length, complete: false};
  };

  const stop = () => {
    stopped = true;
    parts = [];
    size = 0;
    text = '';
  };

  return {
    /** Takes the connection's next bytes. */
    push(chunk: Buffer): void {
      let offset = 0;
      while (!stopped && offset < chunk.length) {
        const stepped = step(chunk, offset);
        if (stepped === null) return stop();
        const {end, complete} = stepped;
        parts.push(chunk.subarray(offset, end));
        size += end - offset;
        if (size > maxMessageBytes) return stop();
        if (complete) {
          // A copy: the chunk's buffer is the socket's, and only this message is kept.
          onMessage({bytes: Buffer.concat(parts, size)});
          parts = [];
          size = 0;
          state = {kind: 'start'};
        }
        offset = end;
      }
    },
    /** Whether the framer gave up on this connection. */
    get stopped() {
      return stopped;
    },
    /** What has arrived of the message not yet whole. */
    current(): Buffer {
      return Buffer.concat(parts, size);
    },
  };
}
