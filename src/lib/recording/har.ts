/**
 * A recording's wire as an HTTP Archive (HAR 1.2), the file a reader opens in Chromium's DevTools (Network panel,
 * "Import HAR file") or any HAR viewer.
 *
 * The format is the HAR 1.2 specification (Jan Odvarko et al., http://www.softwareishard.com/blog/har-12-spec/, also
 * kept as the W3C Web Performance group's abandoned draft, https://w3c.github.io/web-performance/specs/HAR/Overview.html);
 * where a field is Chrome's own (`_resourceType`, `_webSocketMessages`, `_error`), it is written as DevTools' exporter
 * writes it and its importer reads it (devtools-frontend `front_end/models/har/Log.ts`, `HARFormat.ts`,
 * `Importer.ts`). Fields of this project's own, each starting with `_` as HAR 1.2 asks of custom fields:
 *
 * - `postData._encoding: "base64"`: a request body that is not UTF-8 text, in base64. HAR 1.2 has `encoding` for
 *   response content only; its `postData.text` is "plain text posted data".
 * - `_webSocketClose: {code, reason, wasClean, time}` on a WebSocket entry: the close as the page saw it (`time` in
 *   epoch seconds, as `_webSocketMessages` has it). DevTools exports data frames only.
 *
 * An EventSource's events are its response body, rebuilt as the `text/event-stream` the server sent: DevTools keeps
 * its EventSource messages apart from the body, but `Log.ts` exports none of them.
 *
 * Pure and browser-safe: no Node modules, no DOM.
 */
import type {
  EventSourceExchange,
  HttpExchange,
  Payload,
  StreamEvent,
  WebSocketExchange,
  WireEntry,
  WireHeader,
  WireTimings,
} from './format.ts';

export const HAR_VERSION = '1.2';
/** `log.creator.name`. */
export const HAR_CREATOR_NAME = 'Over the Wire';

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

export interface HarPageTimings {
  /** ms from the page's start; -1 when it does not apply. */
  onContentLoad: number;
  onLoad: number;
}

export interface HarPage {
  /** ISO 8601. */
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: HarPageTimings;
  comment?: string;
}

export interface HarCookie {
  name: string;
  value: string;
}

export interface HarPostData {
  mimeType: string;
  text: string;
  /** `"base64"` when `text` is the body in base64 (this project's field: HAR 1.2 has none for request bodies). */
  _encoding?: 'base64';
  comment?: string;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  /** -1: the page never sees the request's head as bytes. */
  headersSize: number;
  bodySize: number;
  comment?: string;
}

export interface HarContent {
  /** Bytes of the body as the page read it (decoded). */
  size: number;
  mimeType: string;
  text?: string;
  encoding?: 'base64';
  comment?: string;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  /** Bytes of the body on the wire (`Content-Length` when the page could read it), else -1. */
  bodySize: number;
  /** Chrome's: why the request failed (status 0). */
  _error?: string;
  comment?: string;
}

/** ms; -1 where a phase is unknown or does not apply (never for send, wait and receive). */
export interface HarTimings {
  blocked: number;
  dns: number;
  connect: number;
  send: number;
  wait: number;
  receive: number;
  /** Included in `connect` too (HAR 1.2). */
  ssl: number;
  comment?: string;
}

/** One WebSocket message, as DevTools exports it (`Log.ts`) and imports it (`Importer.ts`). */
export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  /** Epoch seconds, with a fraction. */
  time: number;
  /** 1 text, 2 binary. */
  opcode: 1 | 2;
  /** The text, or for a binary message its bytes in base64 (CDP `Network.WebSocketFrame.payloadData`). */
  data: string;
}

export interface HarWebSocketClose {
  code: number;
  reason: string;
  wasClean: boolean;
  /** Epoch seconds, with a fraction. */
  time: number;
}

export interface HarEntry {
  pageref?: string;
  /** ISO 8601: when the request started. */
  startedDateTime: string;
  /** ms: the sum of the timings that are not -1 (ssl aside: it is inside connect). */
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  /** Chrome's resource type name: `fetch`, `websocket`, `eventsource`. */
  _resourceType: 'fetch' | 'websocket' | 'eventsource';
  _webSocketMessages?: HarWebSocketMessage[];
  _webSocketClose?: HarWebSocketClose;
  comment?: string;
}

export interface HarLog {
  version: typeof HAR_VERSION;
  creator: HarCreator;
  pages: HarPage[];
  entries: HarEntry[];
  comment?: string;
}

export interface Har {
  log: HarLog;
}

export interface BuildHarInput {
  /** The demo's name in the MDX registry: the page's id. */
  demo: string;
  /** The page's title (the article's, or the demo's). */
  title: string;
  /** The page the demo ran in. */
  pageUrl: string;
  /** Epoch ms: every time in the wire is relative to it. */
  startedAt: number;
  wire: WireEntry[];
  /** Defaults to Over the Wire and an unknown version; pass the site's version. */
  creator?: HarCreator;
}

/**
 * Builds the HAR of a recording's wire: one page (the demo's), one entry per exchange in the order they started.
 * Throws nothing: a field the wire lacks is left out or marked unknown as HAR 1.2 says (-1).
 */
export function buildHar(input: BuildHarInput): Har {
  const pageId = input.demo;
  const ordered = input.wire
    .map((entry, index) => ({entry, index}))
    .sort((a, b) => a.entry.timings.start - b.entry.timings.start || a.index - b.index)
    .map(({entry}) => entry);
  return {
    log: {
      version: HAR_VERSION,
      creator: input.creator ?? {name: HAR_CREATOR_NAME, version: 'n/a'},
      pages: [
        {
          startedDateTime: isoAt(input.startedAt),
          id: pageId,
          title: input.title,
          // The demo ran in a page that had loaded long before: its load events are no part of the recording.
          pageTimings: {onContentLoad: -1, onLoad: -1},
          comment: `The ${input.demo} demo on ${input.pageUrl}`,
        },
      ],
      entries: ordered.map((entry) => {
        const built =
          entry.kind === 'http'
            ? httpEntry(entry)
            : entry.kind === 'websocket'
              ? webSocketEntry(entry, input)
              : eventSourceEntry(entry);
        return {pageref: pageId, ...built, startedDateTime: isoAt(input.startedAt + entry.timings.start)};
      }),
    },
  };
}

type BuiltEntry = Omit<HarEntry, 'pageref' | 'startedDateTime'>;

function httpEntry(exchange: HttpExchange): BuiltEntry {
  const failed = exchange.status === 0;
  const requestBody = exchange.requestBody === null ? null : postData(exchange.requestBody, exchange.requestHeaders);
  const contentType = headerValue(exchange.responseHeaders, 'content-type');
  const contentLength = headerValue(exchange.responseHeaders, 'content-length');
  const response: HarResponse = {
    status: exchange.status,
    statusText: exchange.statusText,
    httpVersion: failed ? '' : HTTP_VERSION,
    cookies: [],
    headers: exchange.responseHeaders.map(({name, value}) => ({name, value})),
    content: content(exchange.responseBody, contentType ?? MIME_UNKNOWN, exchange.bodyTruncated),
    redirectURL: headerValue(exchange.responseHeaders, 'location') ?? '',
    headersSize: -1,
    bodySize: contentLength !== null && /^\d+$/.test(contentLength) ? Number(contentLength) : -1,
  };
  if (failed) response._error = exchange.error ?? FAILURES[exchange.responseType ?? ''] ?? 'Failed';
  if (exchange.redirected === true) response.comment = 'The browser followed a redirect: this is the last response.';
  return {
    _resourceType: 'fetch',
    ...withTime(harTimings(exchange.timings, failed)),
    request: {
      method: exchange.method,
      url: withoutFragment(exchange.url),
      httpVersion: HTTP_VERSION,
      cookies: [],
      headers: exchange.requestHeaders.map(({name, value}) => ({name, value})),
      queryString: queryString(exchange.url),
      ...(requestBody === null ? {} : {postData: requestBody.postData}),
      headersSize: -1,
      bodySize: requestBody?.bytes ?? 0,
      comment: 'The headers the page set; the browser adds others, which a page cannot see.',
    },
    response,
    cache: {},
  };
}

/**
 * The handshake a `new WebSocket(url, protocols)` makes (RFC 6455 §4.1), and the answer it implies (§4.2.2).
 * Chromium 150 sends each of these request headers with these values (the protocols joined by ", "), and besides
 * them Sec-WebSocket-Key, Sec-WebSocket-Extensions and its defaults (seen by a server in a script run for this export).
 */
function webSocketEntry(exchange: WebSocketExchange, input: BuildHarInput): BuiltEntry {
  const opened = exchange.protocol !== null;
  const url = parseUrl(exchange.url);
  const origin = parseUrl(input.pageUrl)?.origin;
  const requestHeaders: HarNameValue[] = [
    ...(url === null ? [] : [{name: 'Host', value: url.host}]),
    {name: 'Upgrade', value: 'websocket'},
    {name: 'Connection', value: 'Upgrade'},
    ...(origin === undefined || origin === 'null' ? [] : [{name: 'Origin', value: origin}]),
    {name: 'Sec-WebSocket-Version', value: '13'},
    ...(exchange.protocols.length > 0 ? [{name: 'Sec-WebSocket-Protocol', value: exchange.protocols.join(', ')}] : []),
  ];
  const responseHeaders: HarNameValue[] = opened
    ? [
        {name: 'Upgrade', value: 'websocket'},
        {name: 'Connection', value: 'Upgrade'},
        ...(exchange.protocol ? [{name: 'Sec-WebSocket-Protocol', value: exchange.protocol}] : []),
      ]
    : [];
  const response: HarResponse = {
    status: opened ? 101 : 0,
    statusText: opened ? 'Switching Protocols' : '',
    httpVersion: opened ? HTTP_VERSION : '',
    cookies: [],
    headers: responseHeaders,
    content: {size: 0, mimeType: MIME_UNKNOWN},
    redirectURL: '',
    headersSize: -1,
    bodySize: 0,
    comment: 'The headers the WebSocket API implies; a page sees neither Sec-WebSocket-Key nor Sec-WebSocket-Accept.',
  };
  if (!opened) response._error = 'The WebSocket connection was never established';
  const toSeconds = (ms: number) => (input.startedAt + ms) / 1000;
  return {
    _resourceType: 'websocket',
    ...withTime(harTimings(exchange.timings, !opened)),
    request: {
      method: 'GET',
      url: withoutFragment(exchange.url),
      httpVersion: HTTP_VERSION,
      cookies: [],
      headers: requestHeaders,
      queryString: queryString(exchange.url),
      headersSize: -1,
      bodySize: 0,
    },
    response,
    cache: {},
    _webSocketMessages: exchange.messages.map((message) => ({
      type: message.type,
      time: toSeconds(message.time),
      opcode: message.opcode,
      data: 'text' in message.data ? message.data.text : message.data.base64,
    })),
    ...(exchange.close === null
      ? {}
      : {
          _webSocketClose: {
            code: exchange.close.code,
            reason: exchange.close.reason,
            wasClean: exchange.close.wasClean,
            time: toSeconds(exchange.close.time),
          },
        }),
  };
}

function eventSourceEntry(exchange: EventSourceExchange): BuiltEntry {
  // HTML §9.2.3: a stream is announced only once the response is a 200 of type text/event-stream.
  const opened = exchange.timings.headers !== null;
  const body = eventStreamText(exchange.events);
  const lastEvent = exchange.events.at(-1);
  const timings: WireTimings =
    exchange.timings.end === null && lastEvent !== undefined
      ? {...exchange.timings, end: Math.max(lastEvent.time, exchange.timings.headers ?? lastEvent.time)}
      : exchange.timings;
  const errors = exchange.errors.length;
  return {
    _resourceType: 'eventsource',
    ...withTime(harTimings(timings, !opened)),
    request: {
      method: 'GET',
      url: withoutFragment(exchange.url),
      httpVersion: HTTP_VERSION,
      cookies: [],
      // HTML §9.2.2: the header the EventSource constructor sets (Chromium 150 sends it, seen by a server in a
      // script run for this export); the browser adds others from its cache mode and its defaults.
      headers: [{name: 'Accept', value: 'text/event-stream'}],
      queryString: queryString(exchange.url),
      headersSize: -1,
      bodySize: 0,
      comment: 'The header EventSource sets; the browser adds others, which a page cannot see.',
    },
    response: {
      status: opened ? 200 : 0,
      statusText: opened ? 'OK' : '',
      httpVersion: opened ? HTTP_VERSION : '',
      cookies: [],
      headers: opened ? [{name: 'Content-Type', value: EVENT_STREAM}] : [],
      content: {size: utf8Length(body), mimeType: EVENT_STREAM, text: body},
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      ...(opened ? {} : {_error: 'The EventSource never received a stream'}),
      comment:
        'The events as EventSource delivered them, written back as text/event-stream (HTML §9.2.6); ' +
        'comments and retry fields are not delivered to a page, so they are not here.',
    },
    cache: {},
    ...(errors === 0
      ? {}
      : {comment: `The source reported ${errors} error${errors === 1 ? '' : 's'}; each reconnects unless it closed.`}),
  };
}

/**
 * Events back into the `text/event-stream` syntax (HTML §9.2.5) that dispatches them again (§9.2.6): `event:` unless
 * the type is `message`, one `data:` line per line of the data, `id:` whenever the last event ID changed, then a
 * blank line.
 */
export function eventStreamText(events: readonly StreamEvent[]): string {
  let text = '';
  let lastEventId = '';
  for (const event of events) {
    if (event.type !== 'message') text += `event: ${singleLine(event.type)}\n`;
    for (const line of event.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
    if (event.lastEventId !== lastEventId) {
      text += `id: ${singleLine(event.lastEventId)}\n`;
      lastEventId = event.lastEventId;
    }
    text += '\n';
  }
  return text;
}

/** HAR timings from the page's time points (and Resource Timing's phases when the server allowed them). */
export function harTimings(timings: WireTimings, failed: boolean): HarTimings {
  const known = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) || ms < 0 ? -1 : ms);
  const phases: HarTimings = {
    blocked: -1,
    dns: known(timings.dns),
    connect: known(timings.connect),
    ssl: known(timings.ssl),
    send: 0,
    wait: 0,
    receive: 0,
  };
  if (timings.send !== undefined && timings.wait !== undefined && timings.receive !== undefined) {
    return {
      ...phases,
      send: Math.max(0, known(timings.send)),
      wait: Math.max(0, known(timings.wait)),
      receive: Math.max(0, known(timings.receive)),
    };
  }
  if (failed || timings.headers === null) {
    // As DevTools does with no response: everything up to the end counts as blocked.
    return {...phases, blocked: timings.end === null ? -1 : Math.max(0, timings.end - timings.start)};
  }
  return {
    ...phases,
    wait: Math.max(0, timings.headers - timings.start),
    receive: timings.end === null ? 0 : Math.max(0, timings.end - timings.headers),
  };
}

/** `time` is the sum of the phases that are not -1, `ssl` aside: HAR 1.2 counts it inside `connect`. */
function withTime(timings: HarTimings): {timings: HarTimings; time: number} {
  const {blocked, dns, connect, send, wait, receive} = timings;
  const time = [blocked, dns, connect, send, wait, receive].reduce((sum, ms) => sum + Math.max(0, ms), 0);
  return {timings, time};
}

function postData(body: Payload, headers: readonly WireHeader[]): {postData: HarPostData; bytes: number} {
  const mimeType = headerValue(headers, 'content-type') ?? '';
  if ('text' in body) return {postData: {mimeType, text: body.text}, bytes: utf8Length(body.text)};
  const bytes = payloadBytes(body);
  const text = bytes === null ? null : utf8OrNull(bytes);
  if (text !== null) return {postData: {mimeType, text}, bytes: bytes?.length ?? 0};
  return {
    postData: {mimeType, text: body.base64, _encoding: 'base64', comment: 'The body is not UTF-8 text: base64.'},
    bytes: bytes?.length ?? 0,
  };
}

function content(body: Payload | null, mimeType: string, truncated: HttpExchange['bodyTruncated']): HarContent {
  if (body === null) return {size: 0, mimeType};
  const kept = 'text' in body ? utf8Length(body.text) : (payloadBytes(body)?.length ?? 0);
  const size = typeof truncated === 'number' ? Math.max(truncated, kept) : kept;
  return {
    size,
    mimeType,
    ...('text' in body ? {text: body.text} : {text: body.base64, encoding: 'base64' as const}),
    ...(truncated === undefined
      ? {}
      : {
          comment:
            typeof truncated === 'number'
              ? `The recording kept the first ${kept} of ${truncated} bytes.`
              : `The recording kept the first ${kept} bytes of a longer body.`,
        }),
  };
}

/** The bytes of a payload; null when its base64 does not decode. */
export function payloadBytes(payload: Payload): Uint8Array | null {
  if ('text' in payload) return new TextEncoder().encode(payload.text);
  let binary: string;
  try {
    binary = atob(payload.base64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The bytes as text when they are well-formed UTF-8, else null. */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
  } catch {
    return null;
  }
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The first value of a header, its name compared case-insensitively (RFC 9110 §5.1). */
export function headerValue(headers: readonly WireHeader[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === lower)?.value ?? null;
}

function queryString(url: string): HarNameValue[] {
  const parsed = parseUrl(url);
  return parsed === null ? [] : [...parsed.searchParams].map(([name, value]) => ({name, value}));
}

/** DevTools leaves the fragment out too: it is never sent (RFC 9110 §7.1). */
function withoutFragment(url: string): string {
  const parsed = parseUrl(url);
  if (parsed === null) return url;
  parsed.hash = '';
  return parsed.href;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A field value on one line: a line break would start another field. */
function singleLine(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}

function isoAt(epochMs: number): string {
  return new Date(Number.isFinite(epochMs) ? epochMs : 0).toISOString();
}

/** Why a response without a network error has status 0 for the page (Fetch: opaque filtered responses). */
const FAILURES: Record<string, string> = {
  opaque: 'Opaque response (no-cors): the page could not read it',
  opaqueredirect: 'A redirect the page did not follow (redirect: "manual")',
};
const HTTP_VERSION = 'HTTP/1.1';
const EVENT_STREAM = 'text/event-stream';
/** DevTools' `mimeType` for a response it has no type for. */
const MIME_UNKNOWN = 'x-unknown';
