/**
 * Every path the demo server answers, named once. The WebSocket endpoints are
 * the paths under `/ws/`: their type, the server's registry, the health
 * report's counts, the AsyncAPI channels and the tests' expectations all come
 * from this one list.
 */
export const ENDPOINTS = {
  health: '/health',
  /** Readiness: 200 while serving, 503 once draining (a ReadinessReport); `/health` is liveness. */
  ready: '/ready',
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
  /** The AsyncAPI 3 description of every WebSocket and Server-Sent Events message. */
  asyncapi: '/asyncapi.json',
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
  /**
   * `GET /attempts/{id}`: what the server saw of the requests a page made with `?attempt=<id>` (an AttemptRecord):
   * given once, to the same client address, for a minute after the attempt's last request.
   */
  attempts: '/attempts',
  /**
   * `/cors/{case}`: the CORS demo's cases (CORS_CASES), each answering with the CORS headers that make a browser
   * allow or refuse the page's request, on purpose.
   */
  cors: '/cors',
  /**
   * `GET ?case=<case>`: an event stream that misbehaves as asked, for that request only (a 204, a wrong
   * Content-Type, a 500, a redirect, a stream that ends or goes silent): what `EventSource` does with each.
   */
  eventsFaults: '/events/faults',
  /**
   * `/via-proxy/{settings}/…`: the event-stream endpoints through a proxy inside the server that does to each
   * request what its settings segment asks (buffers, times out, strips Upgrade, slows the link): contract/proxy.ts.
   */
  viaProxy: '/via-proxy',
  /** Fetches one file by FTP from the server's loopback FTP server, then by HTTP, streaming both transcripts. */
  ftpVsHttp: '/ws/ftp-vs-http',
  /**
   * Misbehaves on request, one connection at a time: `?fault=` and `?pool=` choose what the handshake does, a
   * FaultCommand what the open connection does (a frame that is not UTF-8, TCP cut with no close frame).
   */
  faults: '/ws/faults',
  /**
   * `/http/redirect/{status}` (301, 302, 303, 307, 308), `/chain/{n}`, `/loop` and `/target`: redirects that keep
   * `?attempt=`, and a target that says what method and body reached it (contract/redirects.ts).
   */
  httpRedirect: '/http/redirect',
  /**
   * The cookies demo: `POST /http/cookies/set/{case}` sets a cookie with one attribute (COOKIE_CASES), `GET …/echo`
   * reports the Cookie field received, `POST …/clear` deletes them all, `GET …/frame` shows the server origin's
   * `document.cookie`: contract/cookies.ts.
   */
  cookies: '/http/cookies',
  /**
   * `/http/negotiate/document?coding=&id=`: one document in the content coding `Accept-Encoding` makes best (or the
   * one `?coding=` forces), and `/http/negotiate/records/{id}`: what the server read, chose and wrote for it.
   */
  negotiate: '/http/negotiate',
  /**
   * `GET ?delay=&size=&rate=&tao=&close=`: a body held back and throttled on request, with `Server-Timing`, for the
   * phases of a Resource Timing entry.
   */
  timing: '/http/timing',
  /**
   * A response streamed token by token as model APIs stream theirs: `POST` a StreamRequest, or `GET ?prompt=` for
   * `EventSource` (resuming after Last-Event-ID); a text/event-stream of StreamToken events and a `done` event.
   */
  streamedResponse: '/http/stream',
  /**
   * The HTTP inspector: `POST /http/inspect/sessions` makes an inspection, a request anywhere under its target
   * (`/http/inspect/{id}/…`) is answered as it asked, and `GET /http/inspect/sessions/{id}` gives both as bytes.
   */
  httpInspect: '/http/inspect',
} as const;

type Path = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];

/** A WebSocket endpoint: every path of ENDPOINTS under `/ws/`. */
export type WebSocketEndpoint = Extract<Path, `/ws/${string}`>;

function isWebSocketEndpoint(path: Path): path is WebSocketEndpoint {
  return path.startsWith('/ws/');
}

/** The WebSocket endpoints, in the order ENDPOINTS lists them. */
export const WEBSOCKET_ENDPOINTS: readonly WebSocketEndpoint[] = Object.values(ENDPOINTS).filter(isWebSocketEndpoint);
