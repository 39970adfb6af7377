/**
 * The wire contract between the Over the Wire site and its demo server.
 *
 * Both sides import this one module: the server (run by Node straight from
 * this .ts source, so erasable syntax only: no enums, no namespaces) and the
 * site (bundled by Docusaurus through the `@site/demo-server/src/contract`
 * alias). It must not import anything, so that neither side drags the other's
 * dependencies along.
 */

/** Port the demo server listens on unless `PORT` says otherwise. */
export const DEFAULT_DEMO_SERVER_PORT = 8787;

/**
 * Where the production site is published. The demo server allows this origin
 * by default, and the site uses it as its canonical URL unless `SITE_URL`
 * overrides it at build time.
 */
export const PRODUCTION_SITE_URL = 'https://over-the-wire.dev';

/** Every path the demo server answers, named once. */
export const ENDPOINTS = {
  health: '/health',
  echo: '/ws/echo',
  inspect: '/ws/inspect',
  /** `/ws/inspect` with permessage-deflate (RFC 7692) accepted: the frames are compressed. */
  inspectDeflate: '/ws/inspect-deflate',
  /** Short polling: the events after `?since=<id>`, at once. */
  eventsPoll: '/events/poll',
  /** Long polling: the events after `?since=<id>` as soon as there are any, or 204 after a timeout. */
  eventsLongPoll: '/events/long-poll',
  /** Server-Sent Events (text/event-stream), resuming from `Last-Event-ID` or `?lastEventId=`. */
  eventsStream: '/events/stream',
  /** WebSocket push of the same events, one JSON ServerEvent per message; `?since=` catches up first. */
  eventsWebSocket: '/ws/events',
  /** `POST ?session=<id>`: ends that session's open SSE streams, so the reader watches `EventSource` resume. */
  eventsStreamDrop: '/events/stream/drop',
  /** What each transport has cost one reader session so far (`?session=<id>`): a CostReport. */
  eventsCosts: '/events/costs',
  /** The server's clock for an NTP-style offset estimate: a ClockReading. */
  time: '/time',
  /** The OpenAPI 3.1 description of every HTTP endpoint. */
  openapi: '/openapi.json',
  /**
   * `GET /recorded-requests/{id}`: the request the REST API received, exactly as it arrived (a
   * RecordedRequest, given once). Every /api response names its record in `Recorded-Request`.
   */
  recordedRequests: '/recorded-requests',
  /** Two replicas behind a round-robin balancer: a stateful and a stateless cart (the stateless constraint). */
  balanced: '/balanced',
  /** Code on demand: a script that checks a note as the API will, for a page's Web Worker. */
  noteValidator: '/code/note-validator.js',
  /** The REST API again, through a shared HTTP cache layer: `/via-cache/api/…` (Cache-Status, Via, Age). */
  viaCache: '/via-cache',
  /** The REST API's root: links to everything else (issue #6). */
  api: '/api',
  /** `?ms=`: answers after that long, naming the TCP connection that carried the request (a HoldResult). */
  hold: '/hold',
  /** The REST API over WebSocket: RestRequestEnvelope in, RestResponseEnvelope and RestChangedPush out. */
  restWebSocket: '/ws/rest',
  /** `GET /files/{name}`: the FTP demo's files over HTTP (FTP_VS_HTTP_FILES). */
  files: '/files',
  /** Fetches one file by FTP from the server's loopback FTP server, then by HTTP, streaming both transcripts. */
  ftpVsHttp: '/ws/ftp-vs-http',
} as const;

export type WebSocketEndpoint =
  | typeof ENDPOINTS.echo
  | typeof ENDPOINTS.inspect
  | typeof ENDPOINTS.inspectDeflate
  | typeof ENDPOINTS.eventsWebSocket
  | typeof ENDPOINTS.restWebSocket
  | typeof ENDPOINTS.ftpVsHttp;

/** The GUID that RFC 6455 §1.3 appends to the key before hashing it. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The only protocol version RFC 6455 defines (§4.1, §11.6). */
export const WEBSOCKET_VERSION = '13';

/** Opcodes defined by RFC 6455 §5.2 (§11.8 registry). */
export const OPCODES = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/**
 * Close codes (RFC 6455 §7.4.1). 1005 and 1006 are reserved: they are never
 * sent in a close frame, only reported locally by an endpoint.
 */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  noStatusReceived: 1005,
  abnormalClosure: 1006,
  invalidPayload: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
  mandatoryExtension: 1010,
  internalError: 1011,
  tryAgainLater: 1013,
  /**
   * Private-use code (RFC 6455 §7.4.2, 4000–4999): the server closed a
   * connection that carried nothing for too long. Clients should not
   * reconnect on their own after it, or a forgotten tab would hold a slot
   * forever.
   */
  idleTimeout: 4000,
  /**
   * Private-use code: `/ws/events?since=` asked for an id older than the
   * backlog, so some events are gone (the reason says where to start).
   */
  eventsTooOld: 4410,
} as const;

/**
 * Subprotocols `/ws/echo` speaks (RFC 6455 §1.9, §4.2.2 item 5.5). The client
 * offers a list in order of preference; the server picks the first it speaks,
 * or none.
 * - none: the plain echo, the same text or bytes back;
 * - `otw.json.v1`: every message comes back as a JSON EchoEnvelope, which
 *   says when it arrived, its type and its size;
 * - `otw.text.v1`: text only: a binary message is refused with close 1003.
 */
export const ECHO_SUBPROTOCOLS = {json: 'otw.json.v1', text: 'otw.text.v1'} as const;

/** Bounds a client must respect; the server enforces them. */
export const MESSAGE_LIMITS = {
  /** Largest message `/ws/echo` accepts; larger closes with 1009. */
  echoMaxMessageBytes: 64 * 1024,
  /**
   * Largest message `/ws/inspect` accepts; larger closes with 1009. Above
   * 65,535 bytes so a reader can see the 64-bit length form (RFC 6455 §5.2),
   * and small enough that one message with its echo and both frame reports
   * (base64 makes them about 3.5 times its size) stays under the server's
   * 1 MiB bound on unread data per connection.
   */
  inspectMaxMessageBytes: 96 * 1024,
} as const;

/**
 * Request headers whose values `/ws/inspect` never echoes. A browser attaches
 * cookies (even HttpOnly ones, which page scripts must not read) and
 * credentials to the handshake on its own; reporting them back to the page
 * would hand them to JavaScript. The report keeps the field, in its place,
 * with a note of its length instead of its value.
 */
export const WITHHELD_REQUEST_HEADERS: readonly string[] = ['cookie', 'authorization', 'proxy-authorization'];

/** The value the handshake report shows in place of a withheld header's. */
export function withheldValue(byteLength: number): string {
  return `(withheld: ${byteLength} bytes)`;
}

/** HTTP header fields in wire order, with the case they had on the wire. */
export type HeaderList = Array<[name: string, value: string]>;

/**
 * First message on `/ws/inspect`: the opening handshake exactly as the
 * server saw it (request) and wrote it (response).
 */
export interface HandshakeReport {
  type: 'handshake';
  /**
   * Names this connection for a later `close-report` command: its own close
   * frames cannot be reported on it (nothing may follow a close frame).
   */
  connectionId: string;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HeaderList;
  };
  response: {
    status: number;
    statusText: string;
    headers: HeaderList;
  };
}

/** Every later message on `/ws/inspect`: what the server received, echoed. */
export interface EchoEnvelope {
  type: 'echo';
  /** Server clock, epoch milliseconds, when the message was complete. */
  receivedAt: number;
  /** Opcode class of the message: text (opcode 1) or binary (opcode 2). */
  binary: boolean;
  /** Length of the message payload in bytes. */
  size: number;
  /** The text itself, or base64 of the bytes when `binary` is true. */
  data: string;
}

/** Which way a frame crossed the connection. */
export type FrameDirection = 'client-to-server' | 'server-to-client';

/** How a frame's payload length was written (RFC 6455 §5.2). */
export type LengthForm = '7-bit' | '16-bit' | '64-bit';

/**
 * One frame that crossed a `/ws/inspect` connection, tapped from the socket
 * (both directions). Frame reports are not themselves reported.
 */
export interface FrameReport {
  type: 'frame';
  direction: FrameDirection;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  /** The 4-byte masking key as 8 hex digits, or null when MASK is 0. */
  maskingKey: string | null;
  payloadLength: number;
  lengthForm: LengthForm;
  /** base64 of the exact bytes of the frame on the wire, header included. */
  raw: string;
  /** base64 of the payload after unmasking. */
  payload: string;
  /** Server clock, epoch milliseconds, when the frame crossed the socket (ping to pong is a round trip). */
  at: number;
}

/** Bounds of the commands `/ws/inspect` accepts. */
export const INSPECT_COMMAND_LIMITS = {
  maxFragments: 16,
  maxFragmentTextBytes: 4096,
  maxCloseReasonBytes: 123,
  maxPingPayloadBytes: 125,
  /** How long the close frames of a finished connection can be asked for. */
  closeReportTtlMs: 60_000,
  /** Finished connections whose close frames are kept at once (oldest dropped first). */
  maxStoredCloseReports: 1000,
  maxStreamCount: 100,
  minStreamIntervalMs: 100,
  maxStreamIntervalMs: 2000,
} as const;

/** Close codes a reader may ask the server to close with (server-initiated closes). */
export const COMMAND_CLOSE_CODES: readonly number[] = [1000, 1001, 1008, 1011];

/**
 * A text message to `/ws/inspect` that is a JSON object with `"type":
 * "command"` asks the server to do something instead of echoing it:
 * - `fragment`: send `text` back as one message split into `fragments`
 *   frames (opcode 1, then continuation frames, FIN on the last; RFC 6455 §5.4);
 * - `close`: close the connection with `code` and `reason` (§7.1.2);
 * - `ping`: send a ping now, carrying `payload` (§5.5.2); the browser answers
 *   with a pong by itself;
 * - `stream`: send `count` tick messages, one every `intervalMs`, while the
 *   connection keeps serving the client's messages (full duplex). A new
 *   stream replaces a running one;
 * - `close-report`: send the close frames (both directions) of an earlier
 *   connection of the same client, named by its `connectionId`, for up to
 *   a minute after it closed.
 */
export type InspectCommand =
  | {type: 'command'; command: 'fragment'; text: string; fragments: number}
  | {type: 'command'; command: 'close'; code: number; reason: string}
  | {type: 'command'; command: 'ping'; payload: string}
  | {type: 'command'; command: 'stream'; count: number; intervalMs: number}
  | {type: 'command'; command: 'close-report'; connectionId: string};

/** The answer to `close-report`: the close frames of a finished connection, in the order they crossed. */
export interface CloseReport {
  type: 'close-report';
  connectionId: string;
  frames: FrameReport[];
}

/** One message of a `stream` command. */
export interface StreamTick {
  type: 'tick';
  /** 1 for the first tick. */
  n: number;
  /** How many ticks the stream sends. */
  of: number;
  /** Server clock, epoch milliseconds, when the tick was sent. */
  sentAt: number;
}

/** The answer to a command the server could not carry out; the connection stays open. */
export interface CommandError {
  type: 'command-error';
  detail: string;
}

export type InspectServerMessage =
  HandshakeReport | EchoEnvelope | FrameReport | CommandError | StreamTick | CloseReport;

/**
 * One event of the demo server's event stream: the same stream for every
 * reader and every transport, so they can be compared. Ids grow by one.
 */
export interface ServerEvent {
  id: number;
  /** Server clock, epoch milliseconds, when the event was emitted. */
  emittedAt: number;
  /** A made-up reading that moves a little with each event, so events differ. */
  value: number;
}

/** Reconnection delay the SSE stream suggests to `EventSource` (its `retry:` field). */
export const SSE_RETRY_MS = 3000;

/**
 * Data of the SSE event named `gap`: the client resumed from an id older than
 * the backlog, so the events between `missedFrom` and `missedTo` are lost.
 */
export interface StreamGap {
  missedFrom: number;
  missedTo: number;
}

/**
 * Data of the SSE event named `stream-start`, the first event of every
 * stream: what the server read from the request, so a page can show the
 * `Last-Event-ID` its `EventSource` sent when it reconnected. Its block also
 * sets the browser's last event ID: to `lastEventId` on a resume, to the empty
 * string (an `id` field with no value) when `aheadOfNewest` is present, and
 * not at all on a stream that starts from nothing.
 */
export interface StreamStart {
  /** The id the stream resumes after, or null for a fresh stream. */
  lastEventId: number | null;
  /** Where that id came from. */
  from: 'Last-Event-ID' | 'lastEventId' | null;
  retryMs: number;
  /**
   * Present when the id asked for is ahead of the newest event: the server's
   * ids began again (it restarted since the client's last event), so this is a
   * fresh stream, from now.
   */
  aheadOfNewest?: number;
}

/** The four ways the demo server delivers the event stream. */
export const REALTIME_TRANSPORTS = ['poll', 'longPoll', 'sse', 'ws'] as const;
export type RealtimeTransport = (typeof REALTIME_TRANSPORTS)[number];

/**
 * A reader session: a random id the page makes up and sends as `?session=`
 * on every event request, so the server can count what each transport costs
 * that one reader. Not a secret of any value; it only groups counters.
 */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** What one transport has cost one session, counted by the server on the socket. */
export interface TransportCost {
  /** HTTP requests made (a WebSocket counts its one opening handshake). */
  requests: number;
  /** Distinct TCP connections this transport's requests travelled on (a reused keep-alive connection counts once). */
  connections: number;
  /** Streams or WebSockets open right now. */
  open: number;
  /** Bytes the server read from the socket: request lines, headers, bodies, frames. */
  bytesIn: number;
  /** Bytes the server wrote to the socket: status lines, headers, bodies, chunk framing, frames. */
  bytesOut: number;
  /** Events delivered. */
  events: number;
  /** Answers that carried no event (a poll with none, a long-poll's 204). */
  emptyResponses: number;
}

/** Body of `GET /events/costs?session=<id>`. */
export interface CostReport {
  session: string;
  /** Server clock when the report was made. */
  at: number;
  transports: Record<RealtimeTransport, TransportCost>;
}

/**
 * Body of `GET /time`: the server's clock when it read the request and when it
 * answered (t1 and t2 of an NTP exchange; the client supplies t0 and t3).
 */
export interface ClockReading {
  receivedAt: number;
  sentAt: number;
}

/** Bounds on a note of the REST API. */
export const NOTE_LIMITS = {maxTitleLength: 200, maxBodyLength: 4000, maxTags: 10} as const;

/** What a client sends to create or replace a note. */
export interface NoteInput {
  title: string;
  body: string;
  tags: string[];
}

/** A hypermedia link (HAL style: `{"href": "/api/…"}`). */
export interface Link {
  href: string;
  title?: string;
}

/** The JSON representation of a note. */
export interface NoteRepresentation extends NoteInput {
  id: number;
  createdAt: string;
  updatedAt: string;
  _links: {self: Link; collection: Link; sandbox: Link};
}

/** The JSON representation of a sandbox's collection of notes. */
export interface NoteCollection {
  count: number;
  maxNotes: number;
  _links: {self: Link; sandbox: Link; item: Link[]};
  _embedded: {notes: NoteRepresentation[]};
}

/** The JSON representation of a sandbox. */
export interface SandboxRepresentation {
  id: string;
  createdAt: string;
  /** The sandbox and its notes are forgotten after this long without a request. */
  expiresAfterIdleSeconds: number;
  _links: {self: Link; notes: Link; root: Link};
}

/** Bounds of the balanced cart service. */
export const BALANCED_LIMITS = {
  maxSessionsPerReplica: 5000,
  sessionIdleMs: 10 * 60_000,
  maxItems: 20,
  maxItemLength: 40,
  maxTrackedClients: 10_000,
} as const;

/** What the stateless cart's signed token carries. */
export interface CartState {
  items: string[];
}

/** Body of a 200 from a balanced cart: the items, and which replica answered. */
export interface CartAnswer {
  items: string[];
  replica: 'A' | 'B';
}

/** A request as the REST API received it. */
export interface RecordedRequest {
  /** Request line and header lines, CRLF-separated, names in the case and order they arrived. */
  head: string;
  body: string;
  bodyTruncated: boolean;
  receivedAt: number;
  /**
   * Bytes of the whole exchange as counted on the TCP socket once the response was written: the request
   * (request line, headers, body) and the response (status line, headers, body). Absent while unfinished.
   */
  wire?: {requestBytes: number; responseBytes: number};
}

/** Body of a 200 from `GET /hold`. */
export interface HoldResult {
  /** The TCP connection that carried the request, numbered by the server in order of arrival. */
  connection: number;
  /** 1 for the first request on that connection, 2 for the next one it carried, and so on. */
  requestOnConnection: number;
  /** Server clock when the request arrived and when it was answered. */
  receivedAt: number;
  answeredAt: number;
  heldMs: number;
}

/** Bounds of `GET /hold`. */
export const HOLD_LIMITS = {maxHoldMs: 5_000, maxHeldPerClient: 12} as const;

/** Body of `POST /events/stream/drop`. */
export interface StreamDropResult {
  dropped: number;
}

/** Body of a 200 from `/events/poll`. */
export interface PollResponse {
  events: ServerEvent[];
  /** The id of the newest event so far (0 before the first): the `since` of the next poll. */
  latestId: number;
}

/** Body of `GET /health`. */
export interface HealthReport {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
  connections: {
    total: number;
    byEndpoint: Record<WebSocketEndpoint, number>;
  };
}

/** An error body in the shape of RFC 9457 problem details. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHeaderList(value: unknown): value is HeaderList {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string',
    )
  );
}

function isHandshakeReport(value: Record<string, unknown>): boolean {
  const {request, response} = value;
  return (
    typeof value.connectionId === 'string' &&
    isRecord(request) &&
    typeof request.method === 'string' &&
    typeof request.url === 'string' &&
    typeof request.httpVersion === 'string' &&
    isHeaderList(request.headers) &&
    isRecord(response) &&
    typeof response.status === 'number' &&
    typeof response.statusText === 'string' &&
    isHeaderList(response.headers)
  );
}

function isEchoEnvelope(value: Record<string, unknown>): boolean {
  return (
    typeof value.receivedAt === 'number' &&
    typeof value.binary === 'boolean' &&
    typeof value.size === 'number' &&
    typeof value.data === 'string'
  );
}

function isFrameReport(value: Record<string, unknown>): boolean {
  return (
    (value.direction === 'client-to-server' || value.direction === 'server-to-client') &&
    typeof value.fin === 'boolean' &&
    typeof value.rsv1 === 'boolean' &&
    typeof value.rsv2 === 'boolean' &&
    typeof value.rsv3 === 'boolean' &&
    typeof value.opcode === 'number' &&
    typeof value.masked === 'boolean' &&
    (value.maskingKey === null || typeof value.maskingKey === 'string') &&
    typeof value.payloadLength === 'number' &&
    (value.lengthForm === '7-bit' || value.lengthForm === '16-bit' || value.lengthForm === '64-bit') &&
    typeof value.raw === 'string' &&
    typeof value.payload === 'string' &&
    typeof value.at === 'number'
  );
}

/**
 * Parses one text message from `/ws/inspect`.
 * Returns null for anything that is not a well-formed message of the
 * contract, so a client never renders half a report.
 */
export function parseInspectMessage(text: string): InspectServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (value.type === 'handshake' && isHandshakeReport(value)) {
    return value as unknown as HandshakeReport;
  }
  if (value.type === 'echo' && isEchoEnvelope(value)) {
    return value as unknown as EchoEnvelope;
  }
  if (value.type === 'frame' && isFrameReport(value)) {
    return value as unknown as FrameReport;
  }
  if (value.type === 'command-error' && typeof value.detail === 'string') {
    return value as unknown as CommandError;
  }
  if (
    value.type === 'close-report' &&
    typeof value.connectionId === 'string' &&
    Array.isArray(value.frames) &&
    value.frames.every((frame) => isRecord(frame) && frame.type === 'frame' && isFrameReport(frame))
  ) {
    return value as unknown as CloseReport;
  }
  if (
    value.type === 'tick' &&
    typeof value.n === 'number' &&
    typeof value.of === 'number' &&
    typeof value.sentAt === 'number'
  ) {
    return value as unknown as StreamTick;
  }
  return null;
}

/** Case-insensitive lookup of the first header with this name. */
export function findHeader(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([headerName]) => headerName.toLowerCase() === wanted)?.[1];
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Reads a command sent to `/ws/inspect`. Returns null when the text is not a
 * command at all (it is then echoed), or `{error}` saying what is wrong with
 * a command that breaks the contract.
 */
export function parseInspectCommand(text: string): InspectCommand | {error: string} | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.type !== 'command') return null;
  const {maxFragments, maxFragmentTextBytes, maxCloseReasonBytes} = INSPECT_COMMAND_LIMITS;
  if (value.command === 'fragment') {
    const {text: fragmentText, fragments} = value;
    if (typeof fragmentText !== 'string' || fragmentText === '') return {error: '"text" must be a non-empty string'};
    if (utf8Length(fragmentText) > maxFragmentTextBytes)
      return {error: `"text" may be at most ${maxFragmentTextBytes} bytes`};
    if (typeof fragments !== 'number' || !Number.isInteger(fragments) || fragments < 2 || fragments > maxFragments) {
      return {error: `"fragments" must be a whole number from 2 to ${maxFragments}`};
    }
    if (fragments > utf8Length(fragmentText))
      return {error: '"fragments" may not exceed the number of bytes in "text"'};
    return {type: 'command', command: 'fragment', text: fragmentText, fragments};
  }
  if (value.command === 'close') {
    const {code, reason = ''} = value;
    if (typeof code !== 'number' || !COMMAND_CLOSE_CODES.includes(code)) {
      return {error: `"code" must be one of ${COMMAND_CLOSE_CODES.join(', ')}`};
    }
    if (typeof reason !== 'string' || utf8Length(reason) > maxCloseReasonBytes) {
      return {error: `"reason" must be a string of at most ${maxCloseReasonBytes} bytes`};
    }
    return {type: 'command', command: 'close', code, reason};
  }
  if (value.command === 'ping') {
    const {payload = ''} = value;
    if (typeof payload !== 'string' || utf8Length(payload) > INSPECT_COMMAND_LIMITS.maxPingPayloadBytes) {
      return {error: `"payload" must be a string of at most ${INSPECT_COMMAND_LIMITS.maxPingPayloadBytes} bytes`};
    }
    return {type: 'command', command: 'ping', payload};
  }
  if (value.command === 'stream') {
    const {count, intervalMs} = value;
    const {maxStreamCount, minStreamIntervalMs, maxStreamIntervalMs} = INSPECT_COMMAND_LIMITS;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > maxStreamCount) {
      return {error: `"count" must be a whole number from 1 to ${maxStreamCount}`};
    }
    if (
      typeof intervalMs !== 'number' ||
      !Number.isInteger(intervalMs) ||
      intervalMs < minStreamIntervalMs ||
      intervalMs > maxStreamIntervalMs
    ) {
      return {error: `"intervalMs" must be a whole number from ${minStreamIntervalMs} to ${maxStreamIntervalMs}`};
    }
    return {type: 'command', command: 'stream', count, intervalMs};
  }
  if (value.command === 'close-report') {
    const {connectionId} = value;
    if (typeof connectionId !== 'string' || !/^[0-9a-f]{16}$/.test(connectionId)) {
      return {error: '"connectionId" must be the 16 hex digits of an earlier handshake report'};
    }
    return {type: 'command', command: 'close-report', connectionId};
  }
  return {error: '"command" must be "fragment", "close", "ping", "stream" or "close-report"'};
}

// --- REST over WebSocket (/ws/rest) ---------------------------------------

/** The methods `/ws/rest` accepts: HTTP's, as the REST API answers them, plus watching. */
export const REST_WS_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'WATCH',
  'UNWATCH',
] as const;
export type RestWsMethod = (typeof REST_WS_METHODS)[number];

/**
 * One request, as one text message: what an HTTP request line and its headers
 * carry, plus an id of the client's choosing that its answer repeats.
 */
export interface RestRequestEnvelope {
  id: string | number;
  method: RestWsMethod;
  /** An absolute path under `/api`, without a query. */
  path: string;
  /** Header names in any case; values are strings. */
  headers?: Record<string, string>;
  /** Any JSON value; sent to the resource as its JSON text (Content-Type defaults to application/json). */
  body?: unknown;
}

/**
 * The answer to one request: the same id (null when the message was too
 * broken to read one), the HTTP status the resource gave, its headers, and its
 * body — parsed JSON for JSON media types, a string for others, null when empty.
 */
export interface RestResponseEnvelope {
  id: string | number | null;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Pushed to every connection that WATCHes `path` when the resource there changes; `etag` is null once it is gone. */
export interface RestChangedPush {
  type: 'changed';
  path: string;
  etag: string | null;
}

/** The first message on every `/ws/rest` connection: what its opening handshake cost, counted on the socket. */
export interface RestHelloMessage {
  type: 'hello';
  handshake: {requestBytes: number; responseBytes: number};
}

export type RestServerMessage = RestResponseEnvelope | RestChangedPush | RestHelloMessage;

export const REST_WS_LIMITS = {
  /** Largest request message; larger ones close the connection with 1009. The HTTP API's body bound plus room for the envelope. */
  maxMessageBytes: 20 * 1024,
  /** Requests read but not yet answered on one connection; past it, 429. */
  maxInFlight: 8,
  /** Resources one connection may watch at once. */
  maxWatches: 16,
  /** Longest request id (as a string, or digits of a number). */
  maxIdLength: 64,
  /** Most header fields in one request. */
  maxHeaders: 32,
} as const;

/** Reads one server message on `/ws/rest`; null when it is none of the three. */
export function parseRestServerMessage(text: string): RestServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (
    value.type === 'changed' &&
    typeof value.path === 'string' &&
    (typeof value.etag === 'string' || value.etag === null)
  ) {
    return {type: 'changed', path: value.path, etag: value.etag};
  }
  if (value.type === 'hello' && isRecord(value.handshake)) {
    const {requestBytes, responseBytes} = value.handshake;
    if (typeof requestBytes === 'number' && typeof responseBytes === 'number') {
      return {type: 'hello', handshake: {requestBytes, responseBytes}};
    }
    return null;
  }
  const {id, status, headers, body} = value;
  if (
    (typeof id === 'string' || typeof id === 'number' || id === null) &&
    typeof status === 'number' &&
    isRecord(headers) &&
    Object.values(headers).every((v) => typeof v === 'string')
  ) {
    return {id, status, headers: headers as Record<string, string>, body};
  }
  return null;
}

/** The files the FTP demo serves, by FTP and by HTTP: a fixed list, nothing else is reachable. */
export const FTP_VS_HTTP_FILES = ['welcome.txt', 'replies.txt', 'modes.txt', 'checker.png'] as const;
export type FtpVsHttpFile = (typeof FTP_VS_HTTP_FILES)[number];

/** Bounds on `/ws/ftp-vs-http` runs that the page can tell the reader about. */
export const FTP_VS_HTTP_LIMITS = {runsPerMinutePerClient: 6} as const;

/** What the page sends on `/ws/ftp-vs-http`: fetch this file both ways. */
export interface FtpVsHttpRun {
  type: 'run';
  file: string;
}

export type FtpVsHttpProtocol = 'ftp' | 'http';
/** A TCP connection of a run: FTP's control and data connections, and HTTP's one. */
export type FtpVsHttpConnection = 'ftp-control' | 'ftp-data' | 'http';

/**
 * One thing that happened on the wire, seen from the client. `send` and
 * `receive` carry one message each (an FTP command or reply, an HTTP request
 * or response head), its lines without their CRLF, and its size in bytes.
 */
export type FtpVsHttpStep =
  | {kind: 'connect'; connection: FtpVsHttpConnection; localPort: number; remotePort: number}
  | {kind: 'send'; connection: FtpVsHttpConnection; lines: string[]; bytes: number}
  | {kind: 'receive'; connection: FtpVsHttpConnection; lines: string[]; bytes: number}
  /** File bytes arriving: on FTP's data connection, or as HTTP's message body. */
  | {kind: 'body'; connection: FtpVsHttpConnection; bytes: number}
  /** The connection closed; `bytes` is everything it carried, both directions. */
  | {kind: 'close'; connection: FtpVsHttpConnection; bytes: number};

/** What one protocol cost to fetch the file. */
export interface FtpVsHttpTally {
  /** TCP connections opened. */
  connections: number;
  /** One per TCP handshake plus one per command or request the client waited on. */
  roundTrips: number;
  /** Messages the client sent (commands, requests). */
  messages: number;
  /** Bytes on all its connections, both directions (TCP payload). */
  bytes: number;
  /** The file's bytes received. */
  fileBytes: number;
  durationMs: number;
  /** SHA-256 of the file's bytes received, hex. */
  sha256: string;
}

export type FtpVsHttpServerMessage =
  | {type: 'run-started'; runId: number; file: FtpVsHttpFile; size: number}
  /** `atMs`: milliseconds since this protocol's part of the run started. */
  | {type: 'step'; runId: number; protocol: FtpVsHttpProtocol; atMs: number; step: FtpVsHttpStep}
  | {
      type: 'summary';
      runId: number;
      file: FtpVsHttpFile;
      ftp: FtpVsHttpTally;
      http: FtpVsHttpTally;
      /** The port the EPSV or PASV reply named. */
      passivePort: number | null;
      /** The server port the data connection actually went to. */
      dataPort: number | null;
      /** The FTP bytes and the HTTP body have the same SHA-256. */
      sameBytes: boolean;
    }
  | {type: 'error'; runId?: number; message: string};
