/**
 * What the server counts for its operators, written in the Prometheus text
 * exposition format (version 0.0.4) for `GET /metrics` on the operators'
 * listener (ops.ts).
 *
 * Every label value comes from a fixed list of the server's own (an endpoint
 * of the contract, a reason from the tables below, a status class), never
 * from what a client sent, so the number of series is bounded whatever
 * clients do: a client controls how fast a counter moves, not how many there
 * are. What the server already counts (open WebSockets in the registry, held
 * places in each route's slots, bytes on each socket) is read when scraped,
 * not counted twice.
 */
import type {ServerResponse} from 'node:http';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import type {Duplex} from 'node:stream';
import {WebSocket} from 'ws';
import {ENDPOINTS, WEBSOCKET_ENDPOINTS, type WebSocketEndpoint} from './contract/endpoints.ts';
import {EVENT_FAULT_CASES, type EventFaultCase} from './contract/eventFaults.ts';
import {PROXIED_PATHS, type ProxiedPath} from './contract/proxy.ts';
import {CLOSE_CODES} from './contract/websocket.ts';
import {pathOf} from './http.ts';
import {STREAM_LIMITS, TIMING_LIMITS, type Limits} from './limits.ts';
import type {LogFields, Logger} from './log.ts';
import {PROXY_OUTCOMES, type ProxyOutcome} from './proxy/proxy.ts';
import {FAULT_STREAM_ENDS, type FaultStreamEnd} from './routes/eventFaults.ts';
import type {ConnectionRegistry} from './ws/connections.ts';

/** The media type of the text format (version 0.0.4), as Prometheus asks for it. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

// ---------------------------------------------------------------------------------------------------------------
// The text format

export type MetricType = 'counter' | 'gauge';

export interface Sample {
  labels?: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: readonly Sample[];
}

/** A label value as the format writes it between quotes: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and line feed escaped (a double quote is literal there). */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The families as text: `# HELP` and `# TYPE` before each family's samples,
 * one line per sample, a line feed after the last line.
 * @throws Error naming a family or label whose name the format does not allow (a bug of the caller's).
 */
export function renderExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`"${family.name}" is not a metric name`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      for (const [name] of labels) {
        if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`"${name}" is not a label name`);
      }
      const labelText =
        labels.length === 0
          ? ''
          : `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
      lines.push(`${family.name}${labelText} ${formatNumber(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// The fixed label values

/** Why a request or a handshake was refused, from the status it was answered with. */
export const REFUSAL_REASONS = [
  'malformed',
  'origin',
  'method',
  'upgrade_required',
  'timeout',
  'too_big',
  'per_client',
  'full',
  'draining',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * The statuses the server refuses with, and the reason each stands for. Other
 * statuses are answers, not refusals (a 404, a 409 for a full sandbox, a 422
 * for an invalid note are the REST API's own), counted by class only.
 */
const REFUSAL_BY_STATUS: Readonly<Record<number, RefusalReason>> = {
  400: 'malformed',
  417: 'malformed',
  403: 'origin',
  405: 'method',
  426: 'upgrade_required',
  408: 'timeout',
  413: 'too_big',
  431: 'too_big',
  429: 'per_client',
  503: 'full',
};

/** The reason a status stands for (503 is `draining` once shutdown has begun), or null for an answer that is no refusal. */
export function refusalReason(status: number, draining: boolean): RefusalReason | null {
  const reason = REFUSAL_BY_STATUS[status];
  if (reason === undefined) return null;
  return reason === 'full' && draining ? 'draining' : reason;
}

/** Where a refusal was made: an HTTP request, or a WebSocket opening handshake. */
export const REFUSAL_TRANSPORTS = ['http', 'websocket'] as const;
export type RefusalTransport = (typeof REFUSAL_TRANSPORTS)[number];

/** Why the server closed a WebSocket, from the code it sent (RFC 6455 §7.4.1, and the server's own 4000 and 4410). */
export const CLOSE_REASONS = [
  'normal',
  'going_away',
  'protocol_error',
  'policy',
  'too_big',
  'internal_error',
  'idle',
  'gone',
  'no_status',
  'other',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

const CLOSE_REASON_BY_CODE: Readonly<Record<number, CloseReason>> = {
  [CLOSE_CODES.normal]: 'normal',
  [CLOSE_CODES.goingAway]: 'going_away',
  [CLOSE_CODES.protocolError]: 'protocol_error',
  [CLOSE_CODES.unsupportedData]: 'protocol_error',
  [CLOSE_CODES.invalidPayload]: 'protocol_error',
  [CLOSE_CODES.policyViolation]: 'policy',
  [CLOSE_CODES.messageTooBig]: 'too_big',
  [CLOSE_CODES.internalError]: 'internal_error',
  [CLOSE_CODES.idleTimeout]: 'idle',
  [CLOSE_CODES.eventsTooOld]: 'gone',
  [CLOSE_CODES.noStatusReceived]: 'no_status',
};

/** A close code as one of CLOSE_REASONS; a code without a name of its own is `other`. */
export function closeReason(code: number): CloseReason {
  return CLOSE_REASON_BY_CODE[code] ?? 'other';
}

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

function statusClass(status: number): StatusClass {
  return STATUS_CLASSES[Math.min(4, Math.max(0, Math.floor(status / 100) - 1))] ?? '5xx';
}

// ---------------------------------------------------------------------------------------------------------------
// The server's metrics

/** What the server holds open, read when scraped from where it is already counted. */
export interface OpenNow {
  /** Open WebSockets by endpoint (the registry's counts). */
  webSockets: Readonly<Record<WebSocketEndpoint, number>>;
  /** Event streams open, long-polls parked, requests held (each route's slots). */
  streams: number;
  longPolls: number;
  held: number;
  /** Fault streams open (`/events/faults`), and exchanges and tunnels carried by the proxy (`/via-proxy`). */
  faultStreams: number;
  proxied: number;
  /** Answers under way on `/http/timing` (held, then throttled) and streamed responses open on `/http/stream`. */
  timing: number;
  streamedResponses: number;
  /** Upgraded (or upgrading) connections still open, whose bytes are not yet in the totals. */
  upgradeSockets: Iterable<Duplex>;
}

export interface ServerMetricsOptions {
  version: string;
  /** The bounds on open connections, reported beside the counts. */
  limits: Pick<
    Limits,
    'maxConnections' | 'maxStreams' | 'maxParkedLongPolls' | 'maxHeldRequests' | 'maxProxiedExchanges'
  >;
  /** Whether shutdown has begun: `/ready` then answers 503, and a 503 counts as `draining`, not `full`. */
  draining: () => boolean;
  /** The event-loop delay is reported over windows of this length (the last whole one). */
  eventLoopWindowMs?: number;
}

export interface ServerMetrics {
  /** Counts an HTTP response by status class, and as a refusal when it is one, once its connection is done with it. */
  observeResponse(res: ServerResponse): void;
  /** Counts an HTTP answer written straight onto a socket (a request Node's parser refused, a CONNECT). */
  refused(transport: RefusalTransport, status: number): void;
  /**
   * A logger that counts the upgrade handler's handshake refusals as they are
   * logged (`refuse`), then passes every line on (to be rate limited and
   * filtered by level: counting sees them all).
   */
  upgradeLogger(logger: Logger): Logger;
  /**
   * The registry, counting accepted handshakes, the messages each endpoint
   * receives and sends, and the close frames it sends, by code.
   */
  instrumentRegistry(registry: ConnectionRegistry): ConnectionRegistry;
  /** Adds a closed upgrade connection's bytes to the totals. */
  upgradeSocketClosed(socket: Duplex): void;
  /** Counts an answer of `/events/faults`, by the case asked for. */
  eventFaultAnswered: (faultCase: EventFaultCase) => void;
  /** Counts a fault stream's end, by how it ended. */
  eventFaultStreamEnded: (how: FaultStreamEnd) => void;
  /** Counts an exchange or tunnel through the proxy that ended, by where it went and how it ended. */
  proxyExchangeEnded: (path: ProxiedPath, outcome: ProxyOutcome) => void;
  /** The exposition text. */
  render(open: OpenNow): string;
  /** Stops sampling the event loop. */
  stop(): void;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  // Built from the list, so every key has its zero; `fromEntries` loses the keys' type.
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/** net.Socket counts its bytes; other duplexes count none. */
function bytesOf(socket: Duplex): {read: number; written: number} {
  const counted = socket as Duplex & {bytesRead?: number; bytesWritten?: number};
  return {read: counted.bytesRead ?? 0, written: counted.bytesWritten ?? 0};
}

/** Sampling interval of the event-loop delay histogram; each sample's delay is what exceeds it. */
const EVENT_LOOP_RESOLUTION_MS = 10;
const NS_PER_SECOND = 1e9;

export function createServerMetrics({
  version,
  limits,
  draining,
  eventLoopWindowMs = 60_000,
}: ServerMetricsOptions): ServerMetrics {
  const responses = zeros(STATUS_CLASSES);
  const refusals = Object.fromEntries(REFUSAL_TRANSPORTS.map((t) => [t, zeros(REFUSAL_REASONS)])) as Record<
    RefusalTransport,
    Record<RefusalReason, number>
  >;
  const handshakes = zeros(WEBSOCKET_ENDPOINTS);
  const messagesIn = zeros(WEBSOCKET_ENDPOINTS);
  const messagesOut = zeros(WEBSOCKET_ENDPOINTS);
  const closes = Object.fromEntries(WEBSOCKET_ENDPOINTS.map((path) => [path, zeros(CLOSE_REASONS)])) as Record<
    WebSocketEndpoint,
    Record<CloseReason, number>
  >;
  const faultAnswers = zeros(EVENT_FAULT_CASES);
  const faultStreamEnds = zeros(FAULT_STREAM_ENDS);
  const proxied = Object.fromEntries(PROXIED_PATHS.map((path) => [path, zeros(PROXY_OUTCOMES)])) as Record<
    ProxiedPath,
    Record<ProxyOutcome, number>
  >;
  const closedBytes = {read: 0, written: 0};
  /**
   * The totals last reported. A socket's bytesWritten counts what waits in its stream's buffer, and a socket
   * destroyed with some (a client that stopped reading) throws it away: its bytes at close can be fewer than a
   * scrape saw (1,024,000 fewer in the unit test).
   * A counter must never go down (Prometheus would take it for a restart), so the totals never report less.
   */
  const reportedBytes = {read: 0, written: 0};
  /**
   * The registry instrumented: its record of an open WebSocket names the endpoint, to label its messages.
   * A WeakMap of its own cost every handshake an entry, and every garbage collection an ephemeron to visit.
   */
  let instrumented: ConnectionRegistry | undefined;
  const endpointOf = (ws: WebSocket): WebSocketEndpoint | undefined => instrumented?.get(ws)?.endpoint;
  /**
   * Every close frame the server sends goes through `ws.close` and is counted there by its code: the server's
   * own (ws's included: 1009 for a message over the bound), or the client's, which ws passes to it to echo a
   * close the client began. ws's 'close' event would not do: it gives the code the peer sent back, or 1006
   * when the server had stopped reading; and one more 'close' listener per connection cost 145 bytes of heap
   * each (the listener array grows), against 40 for this own property. One shared function, not a closure
   * per connection.
   */
  function addClosedBytes(socket: Duplex): void {
    const {read, written} = bytesOf(socket);
    closedBytes.read += read;
    closedBytes.written += written;
  }

  function closeCounted(this: WebSocket, code?: number, reason?: string | Buffer): void {
    const endpoint = endpointOf(this);
    if (endpoint !== undefined && this.readyState === this.OPEN) {
      closes[endpoint][closeReason(code ?? CLOSE_CODES.noStatusReceived)] += 1;
    }
    WebSocket.prototype.close.call(this, code, reason);
  }

  const countResponse = (transport: RefusalTransport, status: number) => {
    responses[statusClass(status)] += 1;
    const reason = refusalReason(status, draining());
    if (reason !== null) refusals[transport][reason] += 1;
  };

  /** Counts a response once its connection is done with it, if its head was sent. */
  function onResponseClose(this: ServerResponse): void {
    if (!this.headersSent) return;
    // A 503 from /ready is the answer asked for, not a refusal.
    if (this.statusCode === 503 && pathOf(this.req.url) === ENDPOINTS.ready) responses['5xx'] += 1;
    else countResponse('http', this.statusCode);
  }

  // Delays over the last whole window (the current one until the first ends): a window per scrape would
  // let two Prometheus servers scraping one instance each see half of what happened.
  const histogram = monitorEventLoopDelay({resolution: EVENT_LOOP_RESOLUTION_MS});
  histogram.enable();
  const readDelay = () => {
    const excess = (ns: number) => Math.max(0, ns / NS_PER_SECOND - EVENT_LOOP_RESOLUTION_MS / 1000);
    return histogram.count === 0
      ? null
      : {p50: excess(histogram.percentile(50)), p99: excess(histogram.percentile(99)), max: excess(histogram.max)};
  };
  let lastWindow: ReturnType<typeof readDelay> = null;
  const rotate = setInterval(() => {
    lastWindow = readDelay() ?? lastWindow;
    histogram.reset();
  }, eventLoopWindowMs);
  rotate.unref();

  const counted = (event: string, fields: LogFields = {}) => {
    if (event === 'refuse' && typeof fields.status === 'number') countResponse('websocket', fields.status);
  };

  return {
    observeResponse(res) {
      // 'close' rather than 'finish': a stream the client hung up on never finishes. 'close' comes once, so
      // `on` with one listener shared by every response, not a `once` wrapper and a closure each (10,000
      // parked long-polls or open streams would keep 10,000 of them).
      res.on('close', onResponseClose);
    },

    refused: countResponse,

    upgradeLogger(logger) {
      return {
        debug: (event, fields) => logger.debug(event, fields),
        info: (event, fields) => logger.info(event, fields),
        warn: (event, fields) => {
          counted(event, fields);
          logger.warn(event, fields);
        },
        error: (event, fields) => logger.error(event, fields),
      };
    },

    instrumentRegistry(registry) {
      instrumented = registry;
      return {
        counts: () => registry.counts(),
        closeAll: (code, reason, graceMs) => registry.closeAll(code, reason, graceMs),
        stop: () => registry.stop(),
        add(ws, endpoint, owner) {
          handshakes[endpoint] += 1;
          responses['1xx'] += 1;
          const state = registry.add(ws, endpoint, owner);
          ws.close = closeCounted;
          return state;
        },
        remove(ws) {
          const state = registry.remove(ws);
          // The connection is over: its bytes join the totals (the scrape reads open ones from the registry).
          if (state !== undefined) addClosedBytes(state.socket);
          return state;
        },
        get: (ws) => registry.get(ws),
        sockets: () => registry.sockets(),
        noteMessage(ws) {
          const endpoint = endpointOf(ws);
          if (endpoint !== undefined) messagesIn[endpoint] += 1;
          return registry.noteMessage(ws);
        },
        send(ws, data, binary, fin) {
          const endpoint = endpointOf(ws);
          // A message sent in fragments counts once, with its last one.
          if (endpoint !== undefined && fin !== false && ws.readyState === ws.OPEN) messagesOut[endpoint] += 1;
          registry.send(ws, data, binary, fin);
        },
        sendPrepared(ws, message) {
          const endpoint = endpointOf(ws);
          if (endpoint !== undefined && ws.readyState === ws.OPEN) messagesOut[endpoint] += 1;
          registry.sendPrepared(ws, message);
        },
      };
    },

    upgradeSocketClosed: addClosedBytes,

    // Arrow functions: the server hands them to the routes as they are.
    eventFaultAnswered: (faultCase) => {
      faultAnswers[faultCase] += 1;
    },

    eventFaultStreamEnded: (how) => {
      faultStreamEnds[how] += 1;
    },

    proxyExchangeEnded: (path, outcome) => {
      proxied[path][outcome] += 1;
    },

    render(open) {
      const bytes = {...closedBytes};
      for (const socket of open.upgradeSockets) {
        const {read, written} = bytesOf(socket);
        bytes.read += read;
        bytes.written += written;
      }
      reportedBytes.read = Math.max(reportedBytes.read, bytes.read);
      reportedBytes.written = Math.max(reportedBytes.written, bytes.written);
      const memory = process.memoryUsage();
      const cpu = process.cpuUsage();
      const delay = lastWindow ?? readDelay() ?? {p50: 0, p99: 0, max: 0};
      const perEndpoint = (counts: Readonly<Record<WebSocketEndpoint, number>>): Sample[] =>
        WEBSOCKET_ENDPOINTS.map((endpoint) => ({labels: {endpoint}, value: counts[endpoint]}));
      const windowText = `over the last whole ${eventLoopWindowMs / 1000} s window, beyond the ${EVENT_LOOP_RESOLUTION_MS} ms sampling interval`;
      return renderExposition([
        {
          name: 'demo_server_info',
          help: 'The demo server version and the Node.js running it (always 1).',
          type: 'gauge',
          samples: [{labels: {version, node: process.version}, value: 1}],
        },
        {
          name: 'demo_server_ready',
          help: '1 while the server takes new work, 0 from the moment shutdown begins (GET /ready answers 503).',
          type: 'gauge',
          samples: [{value: draining() ? 0 : 1}],
        },
        {
          name: 'demo_server_open_connections',
          help: 'Connections held open now, by endpoint: WebSockets, event streams, parked long-polls, held requests.',
          type: 'gauge',
          samples: [
            ...WEBSOCKET_ENDPOINTS.map((endpoint) => ({labels: {endpoint}, value: open.webSockets[endpoint]})),
            {labels: {endpoint: ENDPOINTS.eventsStream}, value: open.streams},
            {labels: {endpoint: ENDPOINTS.eventsLongPoll}, value: open.longPolls},
            {labels: {endpoint: ENDPOINTS.hold}, value: open.held},
            {labels: {endpoint: ENDPOINTS.eventsFaults}, value: open.faultStreams},
            {labels: {endpoint: ENDPOINTS.viaProxy}, value: open.proxied},
            {labels: {endpoint: ENDPOINTS.timing}, value: open.timing},
            {labels: {endpoint: ENDPOINTS.streamedResponse}, value: open.streamedResponses},
          ],
        },
        {
          name: 'demo_server_connection_limit',
          help: 'Most connections of each pool open at once; past it, 503.',
          type: 'gauge',
          samples: [
            {labels: {pool: 'websocket'}, value: limits.maxConnections},
            {labels: {pool: ENDPOINTS.eventsStream}, value: limits.maxStreams},
            {labels: {pool: ENDPOINTS.eventsLongPoll}, value: limits.maxParkedLongPolls},
            {labels: {pool: ENDPOINTS.hold}, value: limits.maxHeldRequests},
            // Fault streams have a pool of their own, as large as the event streams'.
            {labels: {pool: ENDPOINTS.eventsFaults}, value: limits.maxStreams},
            {labels: {pool: ENDPOINTS.viaProxy}, value: limits.maxProxiedExchanges},
            {labels: {pool: ENDPOINTS.timing}, value: TIMING_LIMITS.maxOpen},
            {labels: {pool: ENDPOINTS.streamedResponse}, value: STREAM_LIMITS.maxStreams},
          ],
        },
        {
          name: 'demo_server_websocket_handshakes_total',
          help: 'WebSocket opening handshakes accepted (101), by endpoint.',
          type: 'counter',
          samples: perEndpoint(handshakes),
        },
        {
          name: 'demo_server_refusals_total',
          help: 'Requests (http) and WebSocket handshakes (websocket) refused, by reason.',
          type: 'counter',
          samples: REFUSAL_TRANSPORTS.flatMap((transport) =>
            REFUSAL_REASONS.map((reason) => ({
              labels: {transport, reason},
              value: refusals[transport][reason],
            })),
          ),
        },
        {
          name: 'demo_server_http_responses_total',
          help: 'HTTP responses by status class, WebSocket handshake answers and refusals written on the socket included.',
          type: 'counter',
          samples: STATUS_CLASSES.map((status_class) => ({
            labels: {status_class},
            value: responses[status_class],
          })),
        },
        {
          name: 'demo_server_websocket_server_closes_total',
          help: 'WebSocket connections the server closed, by endpoint and by the reason its close code stands for.',
          type: 'counter',
          samples: WEBSOCKET_ENDPOINTS.flatMap((endpoint) =>
            CLOSE_REASONS.map((reason) => ({labels: {endpoint, reason}, value: closes[endpoint][reason]})),
          ),
        },
        {
          name: 'demo_server_websocket_messages_received_total',
          help: 'WebSocket messages received from clients, by endpoint.',
          type: 'counter',
          samples: perEndpoint(messagesIn),
        },
        {
          name: 'demo_server_websocket_messages_sent_total',
          help: 'WebSocket messages sent to clients, by endpoint.',
          type: 'counter',
          samples: perEndpoint(messagesOut),
        },
        {
          name: 'demo_server_websocket_received_bytes_total',
          help: 'Bytes read on connections that left HTTP for an upgrade (or a refused CONNECT): WebSocket handshakes and frames, as on the wire.',
          type: 'counter',
          samples: [{value: reportedBytes.read}],
        },
        {
          name: 'demo_server_websocket_sent_bytes_total',
          help: 'Bytes written on connections that asked for a WebSocket upgrade: handshake answers and frames.',
          type: 'counter',
          samples: [{value: reportedBytes.written}],
        },
        {
          name: 'demo_server_event_fault_answers_total',
          help: 'Answers GET /events/faults gave, by the case asked for; a stream counts once it has its place.',
          type: 'counter',
          samples: EVENT_FAULT_CASES.map((faultCase) => ({labels: {case: faultCase}, value: faultAnswers[faultCase]})),
        },
        {
          name: 'demo_server_event_fault_stream_ends_total',
          help: 'Fault streams that ended: by their case (ended), at the cap (capped), by the client, at shutdown.',
          type: 'counter',
          samples: FAULT_STREAM_ENDS.map((outcome) => ({labels: {outcome}, value: faultStreamEnds[outcome]})),
        },
        {
          name: 'demo_server_proxied_exchanges_total',
          help: 'Exchanges and WebSocket tunnels through /via-proxy that ended, by the path forwarded to and how they ended.',
          type: 'counter',
          samples: PROXIED_PATHS.flatMap((path) =>
            PROXY_OUTCOMES.map((outcome) => ({labels: {path, outcome}, value: proxied[path][outcome]})),
          ),
        },
        {
          name: 'nodejs_eventloop_delay_p50_seconds',
          help: `Median event-loop delay ${windowText}.`,
          type: 'gauge',
          samples: [{value: delay.p50}],
        },
        {
          name: 'nodejs_eventloop_delay_p99_seconds',
          help: `99th percentile of the event-loop delay ${windowText}.`,
          type: 'gauge',
          samples: [{value: delay.p99}],
        },
        {
          name: 'nodejs_eventloop_delay_max_seconds',
          help: `Longest event-loop delay ${windowText}.`,
          type: 'gauge',
          samples: [{value: delay.max}],
        },
        {
          name: 'nodejs_heap_size_used_bytes',
          help: 'V8 heap in use.',
          type: 'gauge',
          samples: [{value: memory.heapUsed}],
        },
        {
          name: 'nodejs_heap_size_total_bytes',
          help: 'V8 heap reserved.',
          type: 'gauge',
          samples: [{value: memory.heapTotal}],
        },
        {
          name: 'process_resident_memory_bytes',
          help: 'Resident set size of the process.',
          type: 'gauge',
          samples: [{value: memory.rss}],
        },
        {
          name: 'process_cpu_seconds_total',
          help: 'CPU time the process has used, user and system.',
          type: 'counter',
          samples: [{value: (cpu.user + cpu.system) / 1e6}],
        },
        {
          name: 'process_start_time_seconds',
          help: 'When the process started, in seconds since the Unix epoch.',
          type: 'gauge',
          samples: [{value: Math.round(Date.now() / 1000 - process.uptime())}],
        },
      ]);
    },

    stop() {
      clearInterval(rotate);
      histogram.disable();
    },
  };
}
