/**
 * Every bound the demo server enforces, named in one place.
 *
 * The demo server faces the open internet, so each resource a client can make
 * it hold (a socket, a buffer, a timer, a map entry) has a limit here. The
 * defaults suit one small public instance; `config.ts` lets an operator
 * override every bound of `Limits` that no reader is told the number of
 * (`LIMIT_SPECS` says which, with each one's meaning and range).
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

/**
 * Bounds of what the server keeps of a page's deliberate attempts (`?attempt=`, read at `GET /attempts/{id}`).
 * The pages tell readers the minute; the rest bounds one attempt's record.
 */
export const ATTEMPT_LIMITS = {
  /** How long an attempt's record can be read after its last request. */
  ttlMs: 60_000,
  /**
   * Requests kept per attempt (an `EventSource` reconnecting makes one each time); later ones are counted only. At
   * least 21: a `fetch` makes 21 requests before it gives up on a redirect loop (the first and 20 redirects), and the
   * redirects demo shows each of them.
   */
  maxExchangesPerAttempt: 24,
  /** Notes (frames, closes, cut sockets) kept per attempt. */
  maxNotesPerAttempt: 20,
  /** Request or response head kept per exchange, in characters. */
  maxHeadChars: 8 * 1024,
  /** Start of a response body kept per exchange, in characters. */
  maxBodyChars: 2 * 1024,
} as const;

/** Bounds of `/cors/{case}`, the CORS demo's route: its one body is a small JSON object the page sends. */
export const CORS_LIMITS = {
  /** Largest body a `POST` to a case reads; past it, 413. */
  maxBodyBytes: 1024,
} as const;

/**
 * Bounds and timings of `GET /events/faults`, the event stream that misbehaves on request. The page draws its
 * timeline against these numbers and closes each case after a bounded time, so it imports them from here.
 */
export const EVENT_FAULT_LIMITS = {
  /** The `retry:` hint of the `end-retry` case (and of the stream a redirect leads to). */
  retryHintMs: 500,
  /** How long an ending stream (`end`, `end-retry`) stays open after its event before the server ends it. */
  endAfterMs: 1_000,
  /** How often a heartbeat case sends its comment or event. */
  heartbeatMs: 1_000,
  /** Heartbeats a heartbeat case sends before it goes silent. */
  heartbeats: 3,
  /** The longest any fault stream lives: a silent one is ended by the server then, whether or not the page is there. */
  maxStreamMs: 20_000,
  /** Longest Last-Event-ID the server repeats back in an event, in characters. */
  maxEchoedLastEventIdChars: 64,
} as const;

/**
 * Bounds of the proxy in the path (`/via-proxy/{settings}/…`): what a page may ask the proxy to do to its own
 * requests. The page offers these very ranges; every delay and every buffer is bounded here.
 */
export const PROXY_LIMITS = {
  /** Largest response buffer: the proxy holds up to this many body bytes before it passes them on. */
  maxBufferBytes: 64 * 1024,
  /** A held lump goes out at most this long after its first byte arrived (nginx has no such clock; see the article). */
  minFlushMs: 50,
  maxFlushMs: 10_000,
  /** Idle timeout: silence from the origin this long ends the exchange (504 before the head, a cut after it). */
  minIdleMs: 200,
  maxIdleMs: 60_000,
  /** Latency the slow link adds, once to the request and once to each piece of the answer. */
  maxLatencyMs: 2_000,
  /** Slowest link, in bytes per second (a 2 KiB answer takes 4 s). */
  minBytesPerSecond: 512,
  maxBytesPerSecond: 10 * 1024 * 1024,
  /** Answer bytes queued on the slow link before the proxy stops reading from the origin (backpressure). */
  maxQueuedBytes: 256 * 1024,
  /** Largest answer body the proxy relays onto a raw socket (a refused handshake's explanation). */
  maxRefusalBodyBytes: 16 * 1024,
  /** Longest the proxy waits to reach the origin (itself, over loopback) before answering 502. */
  connectTimeoutMs: 5_000,
  /**
   * The longest one exchange or tunnel through the proxy lives, however busy: then the proxy answers 504 if it has
   * not answered yet, ends the answer there if it has (dropping what it still holds), and cuts a tunnel. Twice the
   * longest long poll `longPollTimeoutMs` allows, so only a stream or a WebSocket left open meets it.
   */
  maxExchangeMs: 10 * 60_000,
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

/**
 * Bounds of `/ws/faults`, the endpoint that misbehaves on request. Its pools have limits of their own, small enough
 * for a page to reach them on purpose (the handshake-failures demo tells readers these numbers) without spending the
 * connections and handshakes every other demo shares; every connection it takes also counts against those.
 */
export const FAULT_LIMITS = {
  /** Largest command; larger closes with 1009. A command is a few dozen bytes. */
  maxMessageBytes: 1024,
  /** Connections open at once on the endpoint, all clients together; past it, 503. */
  maxConnections: 500,
  /** Connections one client may hold at once in the default pool; past it, 429. */
  maxConnectionsPerClient: 4,
  /** Connections one client may hold at once in `?pool=connections`; the next handshake is refused with 429. */
  poolConnectionsPerClient: 2,
  /** Opening handshakes one client may start per minute in `?pool=handshakes`; past them, 429. */
  poolHandshakesPerMinutePerClient: 3,
  /** Handshakes per minute per client in the default pool and in `?pool=connections`. */
  handshakesPerMinutePerClient: 30,
  /** Client addresses each pool remembers; past it, 503. */
  maxTrackedClients: 10_000,
  /**
   * How often the server pings each `/ws/faults` connection (its own protocol heartbeat, short so that a reader
   * sees it happen; the server-wide one is minutes apart). No pong by the next ping ends the connection.
   */
  pingIntervalMs: 2_000,
  /** Bounds of `delay-pongs`: how long the server holds each pong (and each answer to the page's heartbeat). */
  minPongDelayMs: 100,
  maxPongDelayMs: 10_000,
  /** Answers to the page's heartbeat held back at once under `delay-pongs`; later heartbeats go unanswered. */
  maxHeldAnswers: 8,
  /**
   * Bounds of `half-open`: how long the server neither reads nor writes before it cuts the TCP connection. The top
   * is past Chromium's 60 s closing-handshake timeout, so that a reader can watch the browser give up first.
   */
  minHalfOpenMs: 2_000,
  maxHalfOpenMs: 90_000,
  /** A silenced connection (`stop-answering-pings`, `stop-pinging`, `delay-pongs`) is closed by the server after this. */
  maxFaultMs: 60_000,
} as const;

/**
 * Bounds of `/http/redirect/…`, the redirects demo's routes. The page tells readers the hop counts, so it imports
 * them from here. Each redirect is a small answer written at once; a loop costs the server at most `maxLoopHops`
 * of them per loop a reader starts (a client that follows redirects without end, as `curl -L --max-redirs -1`
 * does, then gets 508 Loop Detected), and the server remembers at most `maxTrackedLoops` loops, each for `loopTtlMs`.
 */
export const REDIRECT_LIMITS = {
  /** Longest chain `/http/redirect/chain/{n}` makes: past the 20 redirects the Fetch standard follows, so a reader can watch the 21st fail. */
  maxChainHops: 25,
  /** Redirects one loop gets before the server answers 508 instead: past the 20 the Fetch standard follows. */
  maxLoopHops: 25,
  /** Loops (one per attempt id, or one per client without one) whose hops are counted at once; past it, the oldest is forgotten. */
  maxTrackedLoops: 10_000,
  /** How long a loop's count is kept after its last hop. */
  loopTtlMs: 60_000,
  /** Largest body any redirect route reads; past it, 413. */
  maxBodyBytes: 1024,
} as const;

/**
 * Bounds of `/http/cookies/…`, the cookies demo's routes. Every cookie they set is the demo's own (a fixed name per
 * case, a `Path` under the prefix) and short-lived; the page tells readers these numbers, so it imports them.
 */
export const COOKIE_LIMITS = {
  /** `Max-Age` of every cookie a case sets, unless the reader chose another for the `max-age` case. */
  maxAgeSeconds: 300,
  /** Largest `Max-Age` the reader may choose for the `max-age` case (0 deletes the cookie at once). */
  maxChosenMaxAgeSeconds: 600,
  /** Longest cookie value the reader may choose: letters and digits only, so nothing of it can be an attribute. */
  maxValueChars: 32,
  /** Cookie pairs an echo reads from one request; a request carrying more is refused (431). */
  maxCookiePairs: 64,
  /** Longest `Cookie` field an echo reads, in characters (RFC 6265 §6.1 asks a browser for 4096 bytes a cookie). */
  maxCookieFieldChars: 8 * 1024,
} as const;

/**
 * Bounds of `/http/negotiate`, the compression demo: one fixed document, compressed once per coding and kept (so
 * no request makes the server compress), and a small record of each answer for the page to read back.
 */
export const NEGOTIATE_LIMITS = {
  /** How long the record of an answer (`/http/negotiate/records/{id}`) can be read after the answer. */
  recordTtlMs: 60_000,
  /** Records kept per client address; past it, that client's oldest is forgotten. */
  maxRecordsPerClient: 16,
  /** Records kept in all; past it, the oldest is forgotten. */
  maxRecords: 5_000,
  /** Characters of the request's `Accept-Encoding` read and kept; the rest is ignored. */
  maxAcceptEncodingChars: 256,
  /** Members of `Accept-Encoding` read; later ones are ignored. */
  maxOfferedCodings: 16,
  /** Longest freshness `?cache=` may ask for (`Cache-Control: max-age`), in seconds. */
  maxCacheSeconds: 60,
} as const;

/**
 * Bounds of `GET /http/timing`, the timing demo's resource: how long the server may hold the first byte, how large
 * the body and how slowly it may be sent, and how many such answers may be under way at once.
 */
export const TIMING_LIMITS = {
  /** Longest hold before the first byte (`delay`). */
  maxDelayMs: 3_000,
  /** Largest body (`size`). */
  maxSizeBytes: 256 * 1024,
  /** Slowest and fastest throttled download (`rate`, bytes per second); 0 sends at once. */
  minBytesPerSecond: 16 * 1024,
  maxBytesPerSecond: 10 * 1024 * 1024,
  /** The longest a throttled body may take (`size` / `rate`); a request asking for more is refused. */
  maxSendMs: 10_000,
  /** Bytes written per tick of a throttled body. */
  chunkBytes: 4 * 1024,
  /** Answers under way at once from one client address (429) and in all (503). */
  maxOpenPerClient: 4,
  maxOpen: 500,
} as const;

/**
 * Bounds of `/http/stream`, the response streamed as model APIs stream theirs: a `POST` (or a `GET` for
 * `EventSource`) answered with `text/event-stream`, one token per event. The page tells readers these numbers.
 */
export const STREAM_LIMITS = {
  /** Largest request body of the `POST`; past it, 413. A prompt and a number are a few hundred bytes. */
  maxBodyBytes: 2 * 1024,
  /** Longest prompt, in characters (the `GET` variant carries it in the query). */
  maxPromptChars: 500,
  /** Most tokens one stream sends; the request may ask for fewer. */
  maxTokens: 120,
  /** Tokens a request gets when it does not say. */
  defaultTokens: 48,
  /** Most body bytes one stream writes, whatever the tokens; the stream ends there with its `done` event. */
  maxStreamBytes: 32 * 1024,
  /** Time between two writes: the stream's rate. */
  writeIntervalMs: 45,
  /** The longest one stream lives, however slowly its reader reads; then the server ends it. */
  maxStreamMs: 30_000,
  /** Body bytes the server lets wait unread in the socket before it stops writing and ends the stream. */
  maxBufferedBytes: 64 * 1024,
  /** Streams open at once from one client address, `POST` and `GET` together; past it, 429. */
  maxStreamsPerClient: 4,
  /** Streams open at once, all clients together; past it, 503. */
  maxStreams: 1_000,
  /** The `retry:` the `GET` variant sends, for `EventSource`'s reconnection time. */
  retryMs: 2_000,
} as const;

/**
 * Bounds of the HTTP inspector (`/http/inspect/…`): what the server keeps of a request's bytes and its response's,
 * and how long it reads the raw bytes of a reader's connections. The page offers these very ranges.
 */
export const HTTP_INSPECT_LIMITS = {
  /**
   * Inspections kept at once, all clients together: past it, the oldest answered one is forgotten, or, when all of
   * them still wait, 503. A record is a few KiB; at its bounds (4 exchanges of 24 + 16 KiB) 160 KiB, so 200 of
   * them hold at most 32 MiB.
   */
  maxInspections: 200,
  /** Inspections one client address may have waiting for their request at once; past it, 429. */
  maxInspectionsPerClient: 4,
  /** How long an inspection waits for its request, and then keeps its record. */
  ttlMs: 60_000,
  /** Requests kept per inspection (a preflight and the request itself, and a retry or two). */
  maxExchangesPerInspection: 4,
  /** Largest request body the inspected route reads; past it, 413 and the connection closes. */
  maxBodyBytes: 4 * 1024,
  /** Bytes of one request kept off the socket (head, body and chunk framing); past it, the bytes are not kept. */
  maxRequestBytes: 24 * 1024,
  /** Bytes of one response kept as written (the server writes small ones; this bounds a misuse). */
  maxResponseBytes: 16 * 1024,
  /** Connections whose bytes the server reads at once, all clients together (more are not read). */
  maxTappedConnections: 64,
  /** Connections of one client address whose bytes the server reads at once. */
  maxTappedConnectionsPerClient: 6,
  /** Most chunks a chunked response is written in. */
  maxChunks: 8,
  /** Header fields the page may add to an inspected request, and the longest preflight list of them. */
  maxRequestHeaders: 8,
} as const;

/**
 * SIGTERM must end the process within 5 s, whatever is still open: `main.ts`
 * exits this long after the signal, so `shutdownGraceMs` must end before it.
 */
export const SHUTDOWN_EXIT_DEADLINE_MS = 4_800;

/** The unit of a bound; the environment variable that sets it takes the same unit. */
export type LimitUnit = 'count' | 'ms' | 'bytes';

/**
 * What a bound of `Limits` means and which values make sense for it. The
 * README's table of variables and the operators' page are generated from
 * these (`npm run docs:config`), so the text is written for an operator.
 */
export interface LimitSpec {
  /** One sentence for the variables table: what the bound counts and what happens past it. */
  doc: string;
  unit: LimitUnit;
  /** Smallest and largest value `config.ts` accepts from the environment. */
  min: number;
  max: number;
  /**
   * Set when the bound is not read from the environment, saying why: the site
   * or the published API descriptions tell readers this very number, and they
   * are built from the source, not from the server's environment.
   */
  fixed?: string;
}

const PUBLISHED_IN_OPENAPI = 'the published OpenAPI document states this number';

/** Every bound of `Limits`: its meaning, unit and accepted range. The defaults are `DEFAULT_LIMITS`. */
export const LIMIT_SPECS = {
  maxConnections: {
    doc: 'WebSocket connections open at once, all clients together; past it, 503',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  maxConnectionsPerClient: {
    doc: 'WebSocket connections open at once from one client address; past it, 429 with `Retry-After`',
    unit: 'count',
    min: 1,
    max: 10_000,
  },
  handshakesPerMinutePerClient: {
    doc: 'WebSocket opening handshakes one client address may start per minute; past it, 429',
    unit: 'count',
    min: 1,
    max: 100_000,
  },
  // An address holding a connection is never forgotten (its counts would be
  // lost), so below `maxConnections` this would refuse new addresses first.
  maxTrackedClients: {
    doc: 'Client addresses remembered for the three WebSocket bounds above; at least `MAX_CONNECTIONS`, since an address holding a connection is never forgotten; past it, 503',
    unit: 'count',
    min: 1,
    max: 10_000_000,
  },
  idleTimeoutMs: {
    doc: 'A WebSocket that carries no message for this long is closed with code 4000',
    unit: 'ms',
    min: 1_000,
    max: 24 * 3_600_000,
  },
  heartbeatIntervalMs: {
    doc: 'The server pings every open WebSocket this often; no pong by the next ping ends it. Shorter than the idle timeout',
    unit: 'ms',
    min: 1_000,
    max: 3_600_000,
  },
  messagesPerSecond: {
    doc: 'Messages (pings and pongs included) one WebSocket may send per second, sustained; bursts up to twice this',
    unit: 'count',
    min: 1,
    max: 100_000,
  },
  // One `/ws/inspect` message with its echo and both frame reports (base64
  // makes them about 3.5 times its size) must fit, or the largest message a
  // reader may send would cut its own connection.
  maxBufferedBytes: {
    doc: 'Bytes the server may have queued for a WebSocket client that does not read; past it, close 1008. At least 4 × the largest `/ws/inspect` message',
    unit: 'bytes',
    min: 4 * MESSAGE_LIMITS.inspectMaxMessageBytes,
    max: 1024 * 1024 * 1024,
  },
  // Each holds compression state (zlib windows) on the server, so this endpoint has a smaller cap of its own.
  maxDeflateConnections: {
    doc: 'WebSocket connections open at once on `/ws/inspect-deflate`, which hold zlib state; past it, 503',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  eventIntervalMs: {
    doc: 'Mean time between events of the demo event stream',
    unit: 'ms',
    min: 100,
    max: 3_600_000,
  },
  eventBacklog: {
    doc: 'Events kept for clients catching up; an older `since` gets 410',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  longPollTimeoutMs: {
    doc: 'How long a long-poll waits for an event before answering 204',
    unit: 'ms',
    min: 1_000,
    max: 300_000,
    fixed: 'the long-poll demo draws its wait against this number, built into the site',
  },
  maxParkedLongPolls: {
    doc: 'Long-polls waiting at once, all clients together; past it, 503',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  maxParkedLongPollsPerClient: {
    doc: 'Long-polls waiting at once from one client address; past it, 429',
    unit: 'count',
    min: 1,
    max: 10_000,
  },
  maxStreams: {
    doc: 'Server-Sent Event streams open at once, all clients together; past it, 503',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  maxStreamsPerClient: {
    doc: 'Server-Sent Event streams open at once from one client address; past it, 429',
    unit: 'count',
    min: 1,
    max: 10_000,
  },
  sseHeartbeatMs: {
    doc: 'A comment line on every open event stream this often, so proxies keep it open',
    unit: 'ms',
    min: 1_000,
    max: 300_000,
  },
  maxStreamBufferedBytes: {
    doc: 'Bytes an event stream may have queued for a client that does not read; past it, the stream ends',
    unit: 'bytes',
    min: 4 * 1024,
    max: 1024 * 1024 * 1024,
  },
  // At least what one reader's connection-limit demo holds at once.
  maxHeldRequests: {
    doc: '`GET /hold` requests held at once, all clients together (each at most 5 s); past it, 503',
    unit: 'count',
    min: HOLD_LIMITS.maxHeldPerClient,
    max: 1_000_000,
  },
  maxHeldRequestsPerClient: {
    doc: '`GET /hold` requests held at once from one client address; past it, 429',
    unit: 'count',
    min: 1,
    max: 10_000,
    fixed: 'it mirrors `HOLD_LIMITS`: the connection-limit demo fires up to 12 requests at once',
  },
  maxSandboxes: {
    doc: 'REST API sandboxes kept at once; past it, the least recently used is forgotten',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  maxNotesPerSandbox: {
    doc: 'Notes one sandbox may hold; past it, 409',
    unit: 'count',
    min: 1,
    max: 10_000,
  },
  // Bounds what one GET of a collection costs to build and send (50 notes of
  // 4,000 characters made a 1.2 MiB representation).
  maxSandboxBytes: {
    doc: 'Note text one sandbox may hold, in UTF-8 bytes of its titles, bodies and tags as JSON strings; past it, 409',
    unit: 'bytes',
    min: 1024,
    max: 64 * 1024 * 1024,
    fixed: PUBLISHED_IN_OPENAPI,
  },
  // Filled to the other bounds, 2,000 sandboxes of 50 notes held 451 MiB of heap (measured).
  maxStoreBytes: {
    doc: 'Note text all sandboxes may hold together; past it, the least recently used sandboxes are forgotten',
    unit: 'bytes',
    min: 1024 * 1024,
    max: 16 * 1024 * 1024 * 1024,
  },
  sandboxIdleMs: {
    doc: 'A sandbox with no request for this long is forgotten',
    unit: 'ms',
    min: 60_000,
    max: 7 * 24 * 3_600_000,
  },
  sandboxesPerMinutePerClient: {
    doc: 'Sandboxes one client address may create per minute; past it, 429',
    unit: 'count',
    min: 1,
    max: 100_000,
  },
  cacheMaxEntries: {
    doc: 'Responses the shared cache in front of `/via-cache/api` stores; past it, the least recently used go',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  cacheMaxBytes: {
    doc: 'Body bytes that cache stores in all; past it, the least recently used go',
    unit: 'bytes',
    min: 64 * 1024,
    max: 16 * 1024 * 1024 * 1024,
  },
  cacheMaxBodyBytes: {
    doc: 'Largest response body that cache stores',
    unit: 'bytes',
    min: 1024,
    max: 64 * 1024 * 1024,
  },
  // `/ws/rest` carries the same bodies in messages of at most `REST_WS_LIMITS.maxMessageBytes`.
  maxApiBodyBytes: {
    doc: 'Largest request body the REST API reads; past it, 413',
    unit: 'bytes',
    min: 1024,
    max: 1024 * 1024,
    fixed:
      '`/ws/rest` carries the same bodies in messages whose bound (a wire-contract constant) leaves room for this one',
  },
  maxCartBodyBytes: {
    doc: 'Largest request body `/balanced/…/cart` reads (one item); past it, 413',
    unit: 'bytes',
    min: 256,
    max: 1024 * 1024,
    fixed: PUBLISHED_IN_OPENAPI,
  },
  // A note needs 2 levels and a `/ws/rest` envelope 2 more; anything that
  // walks a value recursively overflows the stack at a few thousand.
  maxJsonDepth: {
    doc: 'Deepest nesting of arrays and objects in JSON a client sends; deeper is refused before it is parsed',
    unit: 'count',
    min: 4,
    max: 1_000,
    fixed: PUBLISHED_IN_OPENAPI,
  },
  maxCostSessions: {
    doc: 'Reader sessions whose transport costs are counted; past it, the least recently used is forgotten',
    unit: 'count',
    min: 1,
    max: 10_000_000,
  },
  maxObservedAttempts: {
    doc: 'Attempts (`?attempt=`) whose requests the server keeps for `GET /attempts/{id}`, all clients together; past it, the oldest is forgotten',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  maxObservedAttemptsPerClient: {
    doc: "Attempts kept at once for one client address; past it, that client's oldest is forgotten",
    unit: 'count',
    min: 1,
    max: 10_000,
  },
  maxObservedAttemptBytes: {
    doc: 'Characters of request and response heads, bodies and notes kept for all attempts together; past it, the oldest attempts are forgotten',
    unit: 'bytes',
    min: 64 * 1024,
    max: 4 * 1024 * 1024 * 1024,
  },
  maxProxiedExchanges: {
    doc: 'Requests and WebSocket tunnels through `/via-proxy` open at once, all clients together; past it, 503',
    unit: 'count',
    min: 1,
    max: 100_000,
  },
  maxProxiedExchangesPerClient: {
    doc: 'Requests and WebSocket tunnels through `/via-proxy` open at once from one client address; past it, 429',
    unit: 'count',
    min: 4,
    max: 1_000,
  },
  costSessionIdleMs: {
    doc: 'A cost session with no request for this long is forgotten',
    unit: 'ms',
    min: 60_000,
    max: 7 * 24 * 3_600_000,
  },
  echoMaxMessageBytes: {
    doc: 'Largest message on `/ws/echo`; larger closes with 1009',
    unit: 'bytes',
    min: 1,
    max: 100 * 1024 * 1024,
    fixed: 'it mirrors `MESSAGE_LIMITS`, which the published AsyncAPI document states',
  },
  inspectMaxMessageBytes: {
    doc: 'Largest message on `/ws/inspect`; larger closes with 1009',
    unit: 'bytes',
    min: 1,
    max: 100 * 1024 * 1024,
    fixed:
      'it mirrors `MESSAGE_LIMITS`: the control-frames demo sends one byte more to show close code 1009, and the AsyncAPI document states it',
  },
  headersTimeoutMs: {
    doc: 'Time a client has to send its complete request headers; at most the request timeout',
    unit: 'ms',
    min: 1_000,
    max: 600_000,
  },
  requestTimeoutMs: {
    doc: 'Time a client has to send a complete HTTP request',
    unit: 'ms',
    min: 1_000,
    max: 3_600_000,
  },
  keepAliveTimeoutMs: {
    doc: 'How long an idle keep-alive HTTP connection stays open',
    unit: 'ms',
    min: 1_000,
    max: 600_000,
  },
  maxHeaderBytes: {
    doc: 'Largest request head (request line and headers) accepted; past it, 431',
    unit: 'bytes',
    min: 1024,
    max: 1024 * 1024,
  },
  // Node checks every 30 s by default, which let a slow client hold a
  // connection for up to 30 s past either timeout.
  connectionsCheckingIntervalMs: {
    doc: 'How often the server looks for requests past the two timeouts above; at most the headers timeout',
    unit: 'ms',
    min: 100,
    max: 60_000,
  },
  logLinesPerSecondPerEvent: {
    doc: 'Log lines of one kind (refusals, closes, errors…) written a second; the rest are counted, not written',
    unit: 'count',
    min: 1,
    max: 1_000_000,
  },
  shutdownGraceMs: {
    doc: `How long shutdown waits for closing handshakes and in-flight requests; the process exits ${SHUTDOWN_EXIT_DEADLINE_MS} ms after SIGTERM whatever is open, so at most ${SHUTDOWN_EXIT_DEADLINE_MS - 300}`,
    unit: 'ms',
    min: 100,
    max: SHUTDOWN_EXIT_DEADLINE_MS - 300,
  },
  shutdownIdleSweepMs: {
    doc: 'During shutdown, how often connections that have finished their last response are closed; shorter than the shutdown grace',
    unit: 'ms',
    min: 10,
    max: 1_000,
  },
  ftpMaxConnections: {
    doc: 'Control connections the loopback FTP server holds at once; past it, 421',
    unit: 'count',
    min: 1,
    max: 10_000,
  },
  ftpIdleTimeoutMs: {
    doc: 'An FTP control connection with no command for this long is closed (421)',
    unit: 'ms',
    min: 1_000,
    max: 600_000,
  },
  ftpMaxCommandBytes: {
    doc: 'Longest FTP command line, CRLF included; past it, 500 and the connection closes',
    unit: 'bytes',
    min: 64,
    max: 64 * 1024,
  },
  ftpPassiveTimeoutMs: {
    doc: 'How long a passive port waits for its data connection before it closes',
    unit: 'ms',
    min: 1_000,
    max: 600_000,
  },
  ftpTransferTimeoutMs: {
    doc: 'Longest one FTP transfer may take; past it, 426 and the data connection is cut',
    unit: 'ms',
    min: 1_000,
    max: 600_000,
  },
  ftpRunsPerMinutePerClient: {
    doc: '`/ws/ftp-vs-http` runs one client address may start per minute',
    unit: 'count',
    min: 1,
    max: 10_000,
    fixed: 'it mirrors `FTP_VS_HTTP_LIMITS`, which the FTP demo tells readers',
  },
  ftpMaxQueuedCommands: {
    doc: 'FTP commands one control connection may have waiting for their replies; past it, 421 and the connection closes',
    unit: 'count',
    min: 1,
    max: 1_000,
  },
} as const satisfies Record<string, LimitSpec>;

/** The bounds the server enforces, one number per entry of `LIMIT_SPECS` (in its unit). */
export type Limits = {-readonly [K in keyof typeof LIMIT_SPECS]: number};

/**
 * The defaults, sized for one small public instance: 10,000 WebSockets,
 * 10,000 event streams and 10,000 parked long-polls at once, each of them
 * from its own client address if need be. Per-client bounds are what one
 * reader's pages use, with room for a few tabs.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxConnections: 10_000,
  maxConnectionsPerClient: 16,
  handshakesPerMinutePerClient: 60,
  // Every address holding a connection is remembered, and an address that
  // held one stays until its handshake budget is full again (up to a minute):
  // room for as many of those again, or 10,000 holders would lock out newcomers.
  maxTrackedClients: 20_000,
  idleTimeoutMs: 10 * 60_000,
  heartbeatIntervalMs: 30_000,
  messagesPerSecond: 50,
  maxBufferedBytes: 1024 * 1024,
  maxDeflateConnections: 100,
  eventIntervalMs: 1_000,
  eventBacklog: 300,
  longPollTimeoutMs: 25_000,
  maxParkedLongPolls: 10_000,
  maxParkedLongPollsPerClient: 4,
  maxStreams: 10_000,
  maxStreamsPerClient: 4,
  sseHeartbeatMs: 15_000,
  maxStreamBufferedBytes: 256 * 1024,
  // A held request lasts at most 5 s, so 500 places serve 100 new ones a second.
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
  // A refused handshake's record is about 1 KB; one attempt's worst is 20 exchanges of two 8 KiB heads and
  // 2 KiB of body, which the byte budget bounds. 32 is more than one reader's page makes in the minute a record lives.
  maxObservedAttempts: 5_000,
  maxObservedAttemptsPerClient: 32,
  maxObservedAttemptBytes: 16 * 1024 * 1024,
  // Each proxied exchange holds two loopback sockets and at most PROXY_LIMITS.maxQueuedBytes of answer.
  maxProxiedExchanges: 1_000,
  // The proxy demo holds four at once (one per transport), with room for a second tab.
  maxProxiedExchangesPerClient: 8,
  costSessionIdleMs: 30 * 60_000,
  echoMaxMessageBytes: MESSAGE_LIMITS.echoMaxMessageBytes,
  inspectMaxMessageBytes: MESSAGE_LIMITS.inspectMaxMessageBytes,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  connectionsCheckingIntervalMs: 1_000,
  logLinesPerSecondPerEvent: 20,
  // Ends 800 ms before SHUTDOWN_EXIT_DEADLINE_MS, which leaves room to exit.
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
