/**
 * What the inspector says about each part of a message. The texts cite the section that defines the rule, so a
 * reader can check us; header notes are keyed by lower-case field name.
 */
import type {MessagePart, MessagePartKind} from '../../lib/httpMessage.ts';

export interface PartNote {
  /** One or two sentences, plain text. */
  text: string;
  /** Where the rule comes from, e.g. "RFC 9112 §6.3". */
  source: string;
}

const PART_NOTES: Record<Exclude<MessagePartKind, 'start-line' | 'field-line' | 'trailer-field'>, PartNote> = {
  'leading-empty-line': {
    text: 'An empty line before the request line. A sender must not send one, but a server should ignore at least one, for old clients that sent an extra CRLF after a body.',
    source: 'RFC 9112 §2.2',
  },
  'empty-line': {
    text: 'CR LF alone: the end of the header section. Every byte after it belongs to the body, framed as the header fields said.',
    source: 'RFC 9112 §2.1',
  },
  body: {
    text: 'The body: exactly as many bytes as Content-Length says, no more; the next byte on the connection starts the next message.',
    source: 'RFC 9112 §6.2, §6.3',
  },
  'chunk-size': {
    text: 'A chunk size in hexadecimal, then CR LF: how many bytes of data follow. Anything after a ";" is a chunk extension, which a recipient ignores unless it knows it.',
    source: 'RFC 9112 §7.1, §7.1.1',
  },
  'chunk-data': {
    text: 'The chunk’s data: exactly the number of bytes its size line gave, whatever they contain (a CR LF inside is data, not a line end).',
    source: 'RFC 9112 §7.1',
  },
  'chunk-end': {
    text: 'The CR LF that closes every chunk’s data. It is framing, not content: it is not counted in the chunk size.',
    source: 'RFC 9112 §7.1',
  },
  'last-chunk': {
    text: 'A chunk of size zero: the content is complete. What follows is the trailer section, if any, and an empty line.',
    source: 'RFC 9112 §7.1',
  },
  'trailer-end': {
    text: 'The empty line that ends the trailer section, and with it the whole chunked message: the connection is ready for the next one.',
    source: 'RFC 9112 §7.1, §7.1.2',
  },
  rest: {
    text: 'Bytes the inspector could not frame as a message part (a message cut by a bound, or still arriving).',
    source: 'RFC 9112 §8',
  },
};

const REQUEST_LINE: PartNote = {
  text: 'The request line: method, request-target and protocol version, separated by single spaces and ended by CR LF. The target is in origin-form: the path and query only, since Host names the server.',
  source: 'RFC 9112 §3, §3.2.1',
};

const STATUS_LINE: PartNote = {
  text: 'The status line: protocol version, status code and reason phrase. A client goes by the three-digit code; the reason phrase is only for people.',
  source: 'RFC 9112 §4',
};

const FIELD_LINE: PartNote = {
  text: 'A field line: name, colon, optional whitespace, value. The name is case-insensitive, so senders may write it in any case; this one is shown exactly as it crossed the wire.',
  source: 'RFC 9112 §5; RFC 9110 §5.1',
};

const TRAILER_FIELD: PartNote = {
  text: 'A trailer field, sent after the content: metadata only known at the end (here, how long the server took). A recipient may keep it apart from the header fields or drop it; Chromium does not hand trailers to the page.',
  source: 'RFC 9112 §7.1.2; RFC 9110 §6.5',
};

const REQUEST_FIELDS: Record<string, PartNote> = {
  host: {
    text: 'The host and port the request is for. Every HTTP/1.1 request has exactly one; the browser writes it from the URL, and script cannot set it.',
    source: 'RFC 9110 §7.2; RFC 9112 §3.2',
  },
  connection: {
    text: '"keep-alive": the browser means to send more requests on this connection. HTTP/1.1 keeps connections open by default; only "close" changes that. Script cannot set it.',
    source: 'RFC 9110 §7.6.1; RFC 9112 §9.3',
  },
  'content-length': {
    text: 'The body’s length in bytes, in decimal. The browser counts it from the body script gave; script cannot set it.',
    source: 'RFC 9110 §8.6; RFC 9112 §6.2',
  },
  'transfer-encoding': {
    text: 'The body is sent in chunks, each with its size, so its length need not be known in advance.',
    source: 'RFC 9112 §6.1, §7.1',
  },
  'content-type': {
    text: 'The media type of the body. Only three values (text/plain, multipart/form-data, application/x-www-form-urlencoded) keep a cross-origin request "simple", without a preflight.',
    source: 'RFC 9110 §8.3',
  },
  accept: {
    text: 'The media types the browser accepts in the answer; fetch sends */* unless script sets it.',
    source: 'RFC 9110 §12.5.1',
  },
  'accept-encoding': {
    text: 'The content codings the browser can decode (compression). Added by the browser; script cannot set it.',
    source: 'RFC 9110 §12.5.3',
  },
  'accept-language': {
    text: 'The reader’s preferred languages, from the browser’s settings.',
    source: 'RFC 9110 §12.5.4',
  },
  'user-agent': {
    text: 'Names the browser. The Fetch standard no longer forbids script to set it, but Chromium still drops it (measured on this page: see below).',
    source: 'RFC 9110 §10.1.5',
  },
  referer: {
    text: 'The page the request came from, as the referrer policy allows. Added by the browser; script cannot set it.',
    source: 'RFC 9110 §10.1.3',
  },
  origin: {
    text: 'The origin of the page that made a cross-origin request, added by the browser so the server can decide whether to allow it (CORS). Script cannot set it.',
    source: 'Fetch standard, "Origin header"',
  },
  'access-control-request-method': {
    text: 'In a preflight: the method the real request will use, so the server can say whether it allows it.',
    source: 'Fetch standard, "CORS protocol"',
  },
  'access-control-request-headers': {
    text: 'In a preflight: the names of the headers script added that are not CORS-safelisted, lower-cased and sorted.',
    source: 'Fetch standard, "CORS protocol"',
  },
  'sec-fetch-site': {
    text: 'How the page’s site relates to the server’s (here another port of the same host: same-site). Every Sec- header is forbidden to script, so a server can trust the browser wrote it.',
    source: 'Fetch Metadata Request Headers',
  },
  'sec-fetch-mode': {
    text: 'The request’s mode: cors for a cross-origin fetch.',
    source: 'Fetch Metadata Request Headers',
  },
  'sec-fetch-dest': {text: 'What the answer is for: empty for fetch.', source: 'Fetch Metadata Request Headers'},
  'cache-control': {
    text: 'Added by the browser because this page’s fetch asks for cache: "no-store": "no-cache" tells every cache on the way to check with the server rather than answer from storage.',
    source: 'Fetch standard, "HTTP-network-or-cache fetch"; RFC 9111 §5.2.1.4',
  },
  pragma: {
    text: 'The HTTP/1.0 way of saying no-cache, added beside Cache-Control for old caches, for the same reason.',
    source: 'Fetch standard, "HTTP-network-or-cache fetch"; RFC 9111 §5.4',
  },
  cookie: {
    text: 'The cookies the browser holds for this server, when the request carries credentials. Script cannot set this header.',
    source: 'RFC 6265 §5.4',
  },
};

const RESPONSE_FIELDS: Record<string, PartNote> = {
  'content-length': {
    text: 'The body’s length in bytes, in decimal: the client reads exactly this many bytes after the empty line, and then the message is over.',
    source: 'RFC 9110 §8.6; RFC 9112 §6.2',
  },
  'transfer-encoding': {
    text: '"chunked": the body comes in chunks, each with its size in hex, ended by a chunk of size 0. The server need not know the length before it starts.',
    source: 'RFC 9112 §6.1, §7.1',
  },
  trailer: {
    text: 'Announces the fields that will come after the content, in the trailer section.',
    source: 'RFC 9110 §6.6.2',
  },
  connection: {
    text: '"keep-alive": the server will read another request on this connection. "close": it will close the connection after this response.',
    source: 'RFC 9110 §7.6.1; RFC 9112 §9.3, §9.6',
  },
  'keep-alive': {
    text: 'An old HTTP/1.0 extension that Node still sends: how long the server keeps an idle connection open (here 5 s). HTTP/1.1 does not define it.',
    source: 'RFC 9112 §9.3',
  },
  date: {text: 'When the server made the response.', source: 'RFC 9110 §6.6.1'},
  'content-type': {text: 'The media type of the body.', source: 'RFC 9110 §8.3'},
  'cache-control': {text: '"no-store": no cache may keep this answer.', source: 'RFC 9111 §5.2.2.5'},
  vary: {
    text: 'The answer depends on the request’s Origin, so a cache must not give it to a request from another origin.',
    source: 'RFC 9110 §12.5.5',
  },
  'access-control-allow-origin': {
    text: 'The origin allowed to read this answer (CORS). Without it the browser would give the page a network error.',
    source: 'Fetch standard, "CORS protocol"',
  },
  'access-control-allow-methods': {
    text: 'In a preflight answer: the methods the server allows a cross-origin request to use.',
    source: 'Fetch standard, "CORS protocol"',
  },
  'access-control-allow-headers': {
    text: 'In a preflight answer: the request headers the server allows.',
    source: 'Fetch standard, "CORS protocol"',
  },
  allow: {text: 'The methods the resource supports.', source: 'RFC 9110 §10.2.1'},
};

/** The note for one part of a request or a response. */
export function noteFor(part: MessagePart, side: 'request' | 'response'): PartNote {
  switch (part.kind) {
    case 'start-line':
      return side === 'request' ? REQUEST_LINE : STATUS_LINE;
    case 'trailer-field':
      return TRAILER_FIELD;
    case 'field-line': {
      const name = (part.name ?? '').toLowerCase();
      const known = (side === 'request' ? REQUEST_FIELDS : RESPONSE_FIELDS)[name];
      if (known !== undefined) return known;
      if (name.startsWith('sec-ch-ua')) {
        return {
          text: 'A User-Agent Client Hint: the browser’s brand, platform or whether it is mobile, sent by Chromium on its own. A Sec- name: script cannot set it.',
          source: 'User-Agent Client Hints',
        };
      }
      return FIELD_LINE;
    }
    default:
      return PART_NOTES[part.kind];
  }
}
