/**
 * What a recording of a demo is, on disk (`static/recordings/<Demo>.json`), in a share link and in the page.
 *
 * A recording has two halves, taken at the same time:
 * - the **view**: what the demo's state hook returned, as a first value and a list of timed changes, so a replay
 *   draws every view the live demo draws (bytes, annotations, timelines, costs) from the same components;
 * - the **wire**: every exchange the page had with the demo server while the demo ran (requests and responses,
 *   WebSocket messages, Server-Sent Events), as the page saw them, for the HAR and script exports and for the test
 *   that catches a recording the current server no longer matches.
 */

/** Bumped when a recording written by an older version can no longer be read. */
export const RECORDING_FORMAT = 1;

/** A body or message payload: UTF-8 text, or bytes in base64. */
export type Payload = {text: string} | {base64: string};

/** One header as the page saw it (names lower-case for responses, as `Headers` gives them). */
export interface WireHeader {
  name: string;
  value: string;
}

/**
 * Time points of one HTTP exchange, ms relative to `Recording.startedAt` (the page clock of the first exchange when
 * there is no recording). From Resource Timing when the browser exposed it, else measured around `fetch`.
 */
export interface WireTimings {
  /** Request started. */
  start: number;
  /** Response headers arrived (null: never, e.g. a network error). */
  headers: number | null;
  /** Response body ended (null: never, or still streaming when the record was taken). */
  end: number | null;
  /** Resource Timing phases, ms, when the server allowed them (`Timing-Allow-Origin`): -1 where not applicable. */
  dns?: number;
  connect?: number;
  ssl?: number;
  send?: number;
  wait?: number;
  receive?: number;
}

/** A `fetch` the page made to the demo server. */
export interface HttpExchange {
  kind: 'http';
  id: number;
  method: string;
  /** Absolute URL, as fetched. */
  url: string;
  /** Headers the script set (the browser adds more; those a page cannot see). */
  requestHeaders: WireHeader[];
  requestBody: Payload | null;
  /** 0 for a network error or an opaque response. */
  status: number;
  statusText: string;
  /** The response headers the page could read (CORS hides the rest). */
  responseHeaders: WireHeader[];
  /** The body, cut at `WIRE_BODY_LIMIT` bytes (see `bodyTruncated`); null when it was not read or there was none. */
  responseBody: Payload | null;
  /** Set when the body was longer than what was kept, to its whole length when known. */
  bodyTruncated?: number | true;
  /** `TypeError` message when the fetch rejected. */
  error?: string;
  /** The response type (`basic`, `cors`, `opaque`, `opaqueredirect`). */
  responseType?: string;
  redirected?: boolean;
  timings: WireTimings;
}

/** One WebSocket message, in Chrome's HAR `_webSocketMessages` terms. */
export interface WebSocketMessage {
  type: 'send' | 'receive';
  /** ms relative to `Recording.startedAt`. */
  time: number;
  /** 1 text, 2 binary. */
  opcode: 1 | 2;
  data: Payload;
}

/** A WebSocket the page opened to the demo server. */
export interface WebSocketExchange {
  kind: 'websocket';
  id: number;
  url: string;
  /** Subprotocols offered to the constructor. */
  protocols: string[];
  /** The subprotocol the server chose ('' for none; null when it never opened). */
  protocol: string | null;
  timings: WireTimings;
  messages: WebSocketMessage[];
  /** The close as the page saw it; null while open. */
  close: {code: number; reason: string; wasClean: boolean; time: number} | null;
}

/** One Server-Sent Event as `EventSource` delivered it. */
export interface StreamEvent {
  /** ms relative to `Recording.startedAt`. */
  time: number;
  type: string;
  data: string;
  lastEventId: string;
}

/** An `EventSource` the page opened to the demo server. */
export interface EventSourceExchange {
  kind: 'eventsource';
  id: number;
  url: string;
  withCredentials: boolean;
  timings: WireTimings;
  events: StreamEvent[];
  /** Times the source reported an error (a reconnect follows unless it closed). */
  errors: number[];
}

export type WireEntry = HttpExchange | WebSocketExchange | EventSourceExchange;

/**
 * A value of the view, in JSON: plain objects, arrays, strings, finite numbers, booleans and null as themselves;
 * anything else tagged (see `codec.ts`): `{"$": "u8", "v": base64}`, `{"$": "undef"}`, `{"$": "num", "v": "NaN"}`…
 */
export type Encoded = null | boolean | number | string | Encoded[] | {[key: string]: Encoded};

/** One change of the view: set (or, with `append`, extend an array at) a path. */
export interface ViewOp {
  /** Keys and array indexes from the root of the view. */
  path: (string | number)[];
  /** The new value; absent to delete the key. */
  value?: Encoded;
  /** The value is an array of items appended to the array at `path`. */
  append?: true;
}

/** The view changes at one moment. */
export interface ViewStep {
  /** ms relative to `Recording.startedAt`. */
  t: number;
  ops: ViewOp[];
}

/** Where a recording came from. */
export type RecordingSource =
  /** Made by `npm run record` against the real demo server and committed with the site. */
  | 'committed'
  /** Made in a reader's page and carried in a share link. */
  | 'shared';

export interface Recording {
  format: typeof RECORDING_FORMAT;
  /** The demo's name in the MDX registry (`HandshakeInspector`). */
  demo: string;
  source: RecordingSource;
  /** ISO 8601, when the recording started. */
  recordedAt: string;
  /** The demo server's version and base URL at the time (the URL as the recording page knew it). */
  server: {version: string | null; url: string};
  /** Epoch ms of the recording's start: every time in it is relative to this. */
  startedAt: number;
  /** ms from the start to the last change. */
  duration: number;
  /** The view at the start of `steps` (after any older changes were folded into it). */
  view: Encoded;
  steps: ViewStep[];
  /** The exchanges on the wire; empty when a share link had no room for them. */
  wire: WireEntry[];
}
