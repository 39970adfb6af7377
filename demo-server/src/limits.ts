/**
 * Every bound the demo server enforces, named in one place.
 *
 * The demo server faces the open internet, so each resource a client can make
 * it hold (a socket, a buffer, a timer, a map entry) has a limit here. The
 * defaults suit one small public instance; `config.ts` lets an operator
 * override the ones that depend on traffic.
 *
 * The first part holds the bounds of the wire contract itself (message
 * sizes, note fields, command ranges): the contract's schemas and the site
 * import them from here, so a demo shows the very number the server
 * enforces. This module imports nothing, so the site can bundle it.
 */

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

/** Bounds on a note of the REST API. */
export const NOTE_LIMITS = {maxTitleLength: 200, maxBodyLength: 4000, maxTags: 10} as const;

/** Bounds of the balanced cart service. */
export const BALANCED_LIMITS = {
  maxSessionsPerReplica: 5000,
  sessionIdleMs: 10 * 60_000,
  maxItems: 20,
  maxItemLength: 40,
  maxTrackedClients: 10_000,
} as const;

/** Bounds of `GET /hold`. */
export const HOLD_LIMITS = {maxHoldMs: 5_000, maxHeldPerClient: 12} as const;

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
  /** Longest header value in one request. */
  maxHeaderValueLength: 4096,
  /** Longest request path. */
  maxPathLength: 2048,
} as const;

/** Bounds on `/ws/ftp-vs-http` runs that the page can tell the reader about. */
export const FTP_VS_HTTP_LIMITS = {
  runsPerMinutePerClient: 6,
  /** Largest message the page needs to send (a run command is a few dozen bytes). */
  maxMessageBytes: 1024,
  /** Client addresses remembered by the run limit; past it, the stalest are forgotten. */
  maxTrackedClients: 10_000,
} as const;

export interface Limits {
  /** WebSocket connections open at once, all clients together. */
  maxConnections: number;
  /** WebSocket connections open at once from one client address. */
  maxConnectionsPerClient: number;
  /** Opening handshakes one client address may start per minute. */
  handshakesPerMinutePerClient: number;
  /** Client addresses remembered for the two limits above. */
  maxTrackedClients: number;
  /** A WebSocket that carries no message for this long is closed (4000). */
  idleTimeoutMs: number;
  /** The server pings every open WebSocket this often; no pong by the next ping ends it. */
  heartbeatIntervalMs: number;
  /** Messages one connection may send per second, sustained (bursts up to twice this). */
  messagesPerSecond: number;
  /** Bytes the server may have queued for a client that does not read; past it, close 1008. */
  maxBufferedBytes: number;
  /**
   * WebSocket connections open at once on `/ws/inspect-deflate`. Each holds
   * compression state (zlib windows) on the server, so this endpoint has a
   * smaller cap of its own; past it, 503.
   */
  maxDeflateConnections: number;
  /** Mean time between events of the event stream. */
  eventIntervalMs: number;
  /** Events kept for clients catching up. */
  eventBacklog: number;
  /** How long a long-poll waits for an event before answering 204. */
  longPollTimeoutMs: number;
  /** Long-polls waiting at once, all clients together; past it, 503. */
  maxParkedLongPolls: number;
  /** Long-polls waiting at once from one client address; past it, 429. */
  maxParkedLongPollsPerClient: number;
  /** Server-Sent Event streams open at once, all clients together; past it, 503. */
  maxStreams: number;
  /** Server-Sent Event streams open at once from one client address; past it, 429. */
  maxStreamsPerClient: number;
  /** A comment line on every open stream this often, so proxies keep it open. */
  sseHeartbeatMs: number;
  /** Bytes a stream may have queued for a client that does not read; past it, the stream ends. */
  maxStreamBufferedBytes: number;
  /** `GET /hold` requests held at once, all clients together; past it, 503. */
  maxHeldRequests: number;
  /** `GET /hold` requests held at once from one client address; past it, 429. */
  maxHeldRequestsPerClient: number;
  /** REST API sandboxes kept at once; past it, the least recently used is forgotten. */
  maxSandboxes: number;
  /** Notes one sandbox may hold; past it, 409. */
  maxNotesPerSandbox: number;
  /**
   * Note text one sandbox may hold, in UTF-8 bytes of its titles, bodies and
   * tags as JSON strings; past it, 409. Bounds what one GET of a collection
   * costs to build and send (50 notes of 4,000 characters made a 1.2 MiB
   * representation).
   */
  maxSandboxBytes: number;
  /**
   * Note text all sandboxes may hold together; past it, the least recently
   * used sandboxes are forgotten. Filled to the other bounds, 2,000 sandboxes
   * of 50 notes held 451 MiB of heap (measured).
   */
  maxStoreBytes: number;
  /** A sandbox with no request for this long is forgotten. */
  sandboxIdleMs: number;
  /** Sandboxes one client address may create per minute; past it, 429. */
  sandboxesPerMinutePerClient: number;
  /** Responses the shared cache in front of `/via-cache/api` stores; past it, the least recently used go. */
  cacheMaxEntries: number;
  /** Body bytes that cache stores in all; past it, the least recently used go. */
  cacheMaxBytes: number;
  /** Largest response body that cache stores. */
  cacheMaxBodyBytes: number;
  /** Largest request body the REST API reads; past it, 413. */
  maxApiBodyBytes: number;
  /** Largest request body `/balanced/…/cart` reads (one item); past it, 413. */
  maxCartBodyBytes: number;
  /**
   * Deepest nesting of arrays and objects in JSON a client sends (a body, an
   * envelope, a command); deeper is refused before it is parsed. A note needs
   * 2 levels and a `/ws/rest` envelope 2 more; anything that walks a value
   * recursively overflows the stack at a few thousand.
   */
  maxJsonDepth: number;
  /** Reader sessions whose transport costs are counted; past it, the least recently used is forgotten. */
  maxCostSessions: number;
  /** A session with no request for this long is forgotten. */
  costSessionIdleMs: number;
  /** Largest message on `/ws/echo`. */
  echoMaxMessageBytes: number;
  /** Largest message on `/ws/inspect`. */
  inspectMaxMessageBytes: number;
  /** Time a client has to send its complete request headers. */
  headersTimeoutMs: number;
  /** Time a client has to send a complete HTTP request. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive HTTP connection stays open. */
  keepAliveTimeoutMs: number;
  /** Largest request head (request line and headers) accepted. */
  maxHeaderBytes: number;
  /**
   * How often the server looks for requests past the two timeouts above.
   * Node checks every 30 s by default, which let a slow client hold a
   * connection for up to 30 s past either timeout.
   */
  connectionsCheckingIntervalMs: number;
  /** Log lines of one kind (refusals, closes, errors…) written a second; the rest are counted, not written. */
  logLinesPerSecondPerEvent: number;
  /** How long shutdown waits for closing handshakes and in-flight requests. */
  shutdownGraceMs: number;
  /** During shutdown, how often connections that have finished their last response are closed. */
  shutdownIdleSweepMs: number;
  /** Control connections the loopback FTP server holds at once; past it, 421. */
  ftpMaxConnections: number;
  /** An FTP control connection with no command for this long is closed (421). */
  ftpIdleTimeoutMs: number;
  /** Longest FTP command line, CRLF included; past it, 500 and the connection closes. */
  ftpMaxCommandBytes: number;
  /** How long a passive port waits for its data connection before it closes. */
  ftpPassiveTimeoutMs: number;
  /** Longest one FTP transfer may take; past it, 426 and the data connection is cut. */
  ftpTransferTimeoutMs: number;
  /** `/ws/ftp-vs-http` runs one client address may start per minute. */
  ftpRunsPerMinutePerClient: number;
  /** FTP commands one control connection may have waiting for their replies; past it, 421 and the connection closes. */
  ftpMaxQueuedCommands: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxConnections: 1000,
  maxConnectionsPerClient: 16,
  handshakesPerMinutePerClient: 60,
  maxTrackedClients: 10_000,
  idleTimeoutMs: 10 * 60_000,
  heartbeatIntervalMs: 30_000,
  messagesPerSecond: 50,
  maxBufferedBytes: 1024 * 1024,
  maxDeflateConnections: 100,
  eventIntervalMs: 1_000,
  eventBacklog: 300,
  longPollTimeoutMs: 25_000,
  maxParkedLongPolls: 500,
  maxParkedLongPollsPerClient: 4,
  maxStreams: 500,
  maxStreamsPerClient: 4,
  sseHeartbeatMs: 15_000,
  maxStreamBufferedBytes: 256 * 1024,
  maxHeldRequests: 500,
  maxHeldRequestsPerClient: HOLD_LIMITS.maxHeldPerClient,
  maxSandboxes: 2_000,
  maxNotesPerSandbox: 50,
  maxSandboxBytes: 64 * 1024,
  maxStoreBytes: 32 * 1024 * 1024,
  sandboxIdleMs: 30 * 60_000,
  sandboxesPerMinutePerClient: 20,
  cacheMaxEntries: 2_000,
  cacheMaxBytes: 8 * 1024 * 1024,
  cacheMaxBodyBytes: 64 * 1024,
  maxApiBodyBytes: 16 * 1024,
  maxCartBodyBytes: 1024,
  maxJsonDepth: 32,
  maxCostSessions: 10_000,
  costSessionIdleMs: 30 * 60_000,
  echoMaxMessageBytes: MESSAGE_LIMITS.echoMaxMessageBytes,
  inspectMaxMessageBytes: MESSAGE_LIMITS.inspectMaxMessageBytes,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  connectionsCheckingIntervalMs: 1_000,
  logLinesPerSecondPerEvent: 20,
  // SIGTERM must end the process within 5 s; this leaves room to exit.
  shutdownGraceMs: 4_000,
  shutdownIdleSweepMs: 50,
  ftpMaxConnections: 20,
  ftpIdleTimeoutMs: 30_000,
  ftpMaxCommandBytes: 512,
  ftpPassiveTimeoutMs: 10_000,
  ftpTransferTimeoutMs: 10_000,
  ftpRunsPerMinutePerClient: FTP_VS_HTTP_LIMITS.runsPerMinutePerClient,
  ftpMaxQueuedCommands: 16,
});
