/**
 * Splits the bytes of one HTTP/1.1 message, exactly as they crossed the wire,
 * into the parts RFC 9112 names: the start line (§3, §4), each field line
 * (§5), the empty line that ends the head (§2.1), then the body as its
 * framing delimits it (§6.3): so many bytes by `Content-Length` (§6.2), or
 * the chunked transfer coding's chunks, last chunk and trailer section (§7.1).
 * Every part keeps its own bytes and where they start, so a page can show the
 * message byte for byte and explain each part. Pure; it throws nothing: what
 * it cannot read is left as one part of the kind `rest`.
 */

export type MessagePartKind =
  | 'leading-empty-line'
  | 'start-line'
  | 'field-line'
  | 'empty-line'
  | 'body'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-end'
  | 'last-chunk'
  | 'trailer-field'
  | 'trailer-end'
  | 'rest';

export interface MessagePart {
  kind: MessagePartKind;
  /** Where its first byte is in the message. */
  offset: number;
  /** Its bytes as they were sent, line ending included. */
  bytes: Uint8Array;
  /** Its bytes as ISO-8859-1 text (one character per byte), without the CRLF that ends a line. */
  text: string;
  /** Whether it ends with CR LF. */
  crlf: boolean;
  /** A field line's name as sent, and its value without the whitespace around it (RFC 9112 §5.1). */
  name?: string;
  value?: string;
  /** A chunk-size line: the size as sent in hex, in decimal, and any chunk extension (RFC 9112 §7.1.1). */
  sizeHex?: string;
  size?: number;
  extension?: string;
}

export type BodyFraming =
  {kind: 'content-length'; length: number} | {kind: 'chunked'} | {kind: 'until-close'} | {kind: 'none'};

export interface SplitMessage {
  parts: MessagePart[];
  framing: BodyFraming;
  /** Bytes of content: the body's, or the sum of the chunks' data. */
  contentBytes: number;
}

/** A message's bytes from base64 (what the server's record carries). */
export function bytesFromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** One character per byte (ISO-8859-1): what a field line's octets are, for display (RFC 9110 §5.5). */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** Where CR LF first occurs at or after `from`; -1 when it does not. */
function indexOfCrlf(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) return i;
  return -1;
}

/**
 * Splits `bytes`. For a response, `requestMethod` says whether it answers a HEAD (whose response has no body
 * whatever its head says, RFC 9110 §9.3.2); a 1xx, 204 or 304 has none either (RFC 9112 §6.3 item 1).
 */
export function splitMessage(bytes: Uint8Array, side: 'request' | 'response', requestMethod = 'GET'): SplitMessage {
  const parts: MessagePart[] = [];
  let offset = 0;
  const push = (kind: MessagePartKind, end: number, crlf: boolean, extra: Partial<MessagePart> = {}) => {
    const partBytes = bytes.subarray(offset, end);
    const text = latin1(crlf ? partBytes.subarray(0, partBytes.length - 2) : partBytes);
    parts.push({kind, offset, bytes: partBytes, text, crlf, ...extra});
    offset = end;
  };
  const rest = (): SplitMessage => {
    if (offset < bytes.length) push('rest', bytes.length, false);
    return {parts, framing: {kind: 'none'}, contentBytes: 0};
  };

  // A server ignores empty lines before a request line (RFC 9112 §2.2).
  while (side === 'request' && bytes[offset] === 0x0d && bytes[offset + 1] === 0x0a) {
    push('leading-empty-line', offset + 2, true);
  }
  let lineEnd = indexOfCrlf(bytes, offset);
  if (lineEnd === -1) return rest();
  push('start-line', lineEnd + 2, true);
  const startLine = parts.at(-1)?.text ?? '';
  let contentLength: number | null = null;
  let chunked = false;
  for (;;) {
    lineEnd = indexOfCrlf(bytes, offset);
    if (lineEnd === -1) return rest();
    if (lineEnd === offset) {
      push('empty-line', lineEnd + 2, true);
      break;
    }
    const line = latin1(bytes.subarray(offset, lineEnd));
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^[\t ]+|[\t ]+$/g, '');
    const lower = name.toLowerCase();
    if (lower === 'content-length' && /^\d+$/.test(value)) contentLength = Number(value);
    if (lower === 'transfer-encoding')
      chunked =
        value
          .toLowerCase()
          .split(/\s*,\s*/)
          .at(-1) === 'chunked';
    push('field-line', lineEnd + 2, true, {name, value});
  }

  const status = side === 'response' ? Number(startLine.split(' ')[1]) : 0;
  const noBody =
    side === 'response' &&
    (requestMethod === 'HEAD' || (status >= 100 && status < 200) || status === 204 || status === 304);
  if (noBody) {
    const split = rest();
    return {...split, framing: {kind: 'none'}};
  }
  if (chunked) return splitChunks(bytes, parts, offset, push);
  if (contentLength !== null) {
    const start = offset;
    const end = Math.min(bytes.length, offset + contentLength);
    if (end > offset) push('body', end, false);
    rest();
    return {parts, framing: {kind: 'content-length', length: contentLength}, contentBytes: end - start};
  }
  if (side === 'request') {
    // A request with neither has no body (RFC 9112 §6.3 item 7).
    rest();
    return {parts, framing: {kind: 'none'}, contentBytes: 0};
  }
  // A response with neither runs until the server closes the connection (RFC 9112 §6.3 item 8).
  const start = offset;
  if (offset < bytes.length) push('body', bytes.length, false);
  return {parts, framing: {kind: 'until-close'}, contentBytes: bytes.length - start};
}

function splitChunks(
  bytes: Uint8Array,
  parts: MessagePart[],
  from: number,
  push: (kind: MessagePartKind, end: number, crlf: boolean, extra?: Partial<MessagePart>) => void,
): SplitMessage {
  let offset = from;
  let contentBytes = 0;
  const advance = (kind: MessagePartKind, end: number, crlf: boolean, extra?: Partial<MessagePart>) => {
    push(kind, end, crlf, extra);
    offset = end;
  };
  const done = (): SplitMessage => {
    if (offset < bytes.length) advance('rest', bytes.length, false);
    return {parts, framing: {kind: 'chunked'}, contentBytes};
  };
  for (;;) {
    const lineEnd = indexOfCrlf(bytes, offset);
    if (lineEnd === -1) return done();
    const line = latin1(bytes.subarray(offset, lineEnd));
    const match = /^([0-9A-Fa-f]+)(.*)$/.exec(line);
    if (match === null) return done();
    const sizeHex = match[1] ?? '0';
    const size = parseInt(sizeHex, 16);
    const extension = match[2] ?? '';
    if (size === 0) {
      advance('last-chunk', lineEnd + 2, true, {sizeHex, size, extension});
      break;
    }
    advance('chunk-size', lineEnd + 2, true, {sizeHex, size, extension});
    if (offset + size > bytes.length) return done();
    advance('chunk-data', offset + size, false);
    contentBytes += size;
    if (bytes[offset] !== 0x0d || bytes[offset + 1] !== 0x0a) return done();
    advance('chunk-end', offset + 2, true);
  }
  // trailer-section, then the CRLF that ends the message (RFC 9112 §7.1.2).
  for (;;) {
    const lineEnd = indexOfCrlf(bytes, offset);
    if (lineEnd === -1) return done();
    if (lineEnd === offset) {
      advance('trailer-end', lineEnd + 2, true);
      return done();
    }
    const line = latin1(bytes.subarray(offset, lineEnd));
    const colon = line.indexOf(':');
    advance('trailer-field', lineEnd + 2, true, {
      name: colon === -1 ? line : line.slice(0, colon),
      value: colon === -1 ? '' : line.slice(colon + 1).replace(/^[\t ]+|[\t ]+$/g, ''),
    });
  }
}
