/**
 * Benchmark (not a test): what each real-time transport costs, measured.
 *
 *   npm run bench:realtime                 (60 s)
 *   npm run bench:realtime -- --seconds 20
 *
 * Starts a fresh demo server in this process with its default event stream
 * (about one event a second), then runs the site's own clients
 * (src/lib/realtime/transports.ts) side by side from Node, each with its own
 * `?session=` so the server counts its costs apart: short polling every 250 ms,
 * 1 s and 5 s, long polling, Server-Sent Events and WebSocket push, all
 * started after the same event. When the time is up it reads each session's
 * `GET /events/costs` — requests, TCP connections, bytes in and out counted on
 * the server's socket (headers, chunk framing and frames included), events,
 * empty answers — and prints a Markdown table with the delivery delays the
 * clients measured (server and clients share one clock here: no offset).
 *
 * Node has no EventSource, so the SSE client gets a small one below that
 * reads text/event-stream over fetch, as the WHATWG HTML standard says a
 * browser does (fields, `retry:`, `Last-Event-ID` on reconnection).
 */
import {cpus, platform, release} from 'node:os';
import {parseArgs} from 'node:util';
import type {CostReport, PollResponse, RealtimeTransport, ServerEvent} from '../demo-server/src/contract.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {percentile} from '../src/lib/realtime/delays.ts';
import {newSessionId} from '../src/lib/realtime/session.ts';
import {
  LongPollClient,
  ShortPollClient,
  SseClient,
  WebSocketPushClient,
  type TransportClient,
  type TransportOptions,
  type TransportState,
} from '../src/lib/realtime/transports.ts';

/**
 * Just enough of the browser's EventSource, over fetch: the request headers a
 * browser sends (`Accept: text/event-stream`, `Cache-Control: no-cache`,
 * `Last-Event-ID` when resuming), the event-stream parser, reconnection after
 * the stream ends (readyState CONNECTING), and giving up on an error status
 * or a wrong Content-Type (readyState CLOSED).
 */
class FetchEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState: number = FetchEventSource.CONNECTING;
  readonly url: string;
  #controller = new AbortController();
  #lastEventId = '';
  #retryMs = 3000;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string) {
    super();
    this.url = url;
    void this.#connect();
  }

  close(): void {
    this.readyState = FetchEventSource.CLOSED;
    clearTimeout(this.#timer);
    this.#controller.abort();
  }

  async #connect(): Promise<void> {
    const headers: Record<string, string> = {Accept: 'text/event-stream', 'Cache-Control': 'no-cache'};
    if (this.#lastEventId !== '') headers['Last-Event-ID'] = this.#lastEventId;
    let response: Response;
    try {
      response = await fetch(this.url, {headers, cache: 'no-store', signal: this.#controller.signal});
    } catch {
      this.#reconnect();
      return;
    }
    if (this.readyState === FetchEventSource.CLOSED) return;
    if (response.status !== 200 || !/^text\/event-stream\b/.test(response.headers.get('content-type') ?? '')) {
      await response.body?.cancel();
      this.readyState = FetchEventSource.CLOSED;
      this.dispatchEvent(new Event('error'));
      return;
    }
    this.readyState = FetchEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
    try {
      await this.#read(response);
    } catch {
      // Aborted by close(), or the connection broke: reconnect below unless closed.
    }
    this.#reconnect();
  }

  #reconnect(): void {
    if (this.readyState === FetchEventSource.CLOSED) return;
    this.readyState = FetchEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
    this.#timer = setTimeout(() => void this.#connect(), this.#retryMs);
  }

  /** The event-stream interpretation (WHATWG HTML §9.2.6), line by line. */
  async #read(response: Response): Promise<void> {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    let pending = '';
    let type = '';
    let data = '';
    let id: string | null = null;
    const line = (text: string) => {
      if (text === '') {
        if (id !== null) this.#lastEventId = id;
        id = null;
        if (data !== '') {
          const event = new MessageEvent(type || 'message', {data: data.slice(0, -1), lastEventId: this.#lastEventId});
          if (this.readyState !== FetchEventSource.CLOSED) this.dispatchEvent(event);
        }
        type = '';
        data = '';
        return;
      }
      if (text.startsWith(':')) return;
      const colon = text.indexOf(':');
      const field = colon === -1 ? text : text.slice(0, colon);
      const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data += `${value}\n`;
      else if (field === 'id' && !value.includes('\0')) id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.#retryMs = Number(value);
    };
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk, {stream: true});
      const lines = pending.split(/\r\n|\r|\n/);
      pending = lines.pop() ?? '';
      for (const text of lines) line(text);
    }
  }
}

// SseClient reads the readyState constants from the global, as in a browser.
Object.assign(globalThis, {EventSource: FetchEventSource});

const {values: args} = parseArgs({options: {seconds: {type: 'string', default: '60'}}});
const seconds = Number(args.seconds);
if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('--seconds must be a number of seconds above 0');

interface Lane {
  label: string;
  transport: RealtimeTransport;
  session: string;
  client: TransportClient;
  delays: number[];
  delivered: number;
  duplicates: number;
  unreachable: number;
  state: TransportState['phase'];
}

const server = await startServer(loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'http://localhost:3000'}), {
  logger: silentLogger,
});
const serverUrl = server.url;

function lane(label: string, make: (options: TransportOptions) => TransportClient): Lane {
  const session = newSessionId();
  let lastId = -1;
  const entry: Lane = {
    label,
    transport: 'poll',
    session,
    client: undefined as unknown as TransportClient,
    delays: [],
    delivered: 0,
    duplicates: 0,
    unreachable: 0,
    state: 'stopped',
  };
  entry.client = make({
    serverUrl,
    session,
    onEvents: (events: ServerEvent[], arrivedAt: number) => {
      for (const event of events) {
        if (event.id <= lastId) entry.duplicates += 1;
        lastId = event.id;
        entry.delivered += 1;
        // Server and client share this machine's clock: the delay needs no offset.
        entry.delays.push(arrivedAt - event.emittedAt);
      }
    },
    onState: (state) => {
      entry.state = state.phase;
    },
    onUnreachable: () => {
      entry.unreachable += 1;
    },
  });
  entry.transport = entry.client.transport;
  return entry;
}

const lanes: Lane[] = [
  lane('Short polling, every 250 ms', (o) => new ShortPollClient({...o, intervalMs: 250})),
  lane('Short polling, every 1 s', (o) => new ShortPollClient({...o, intervalMs: 1000})),
  lane('Short polling, every 5 s', (o) => new ShortPollClient({...o, intervalMs: 5000})),
  lane('Long polling', (o) => new LongPollClient(o)),
  lane(
    'Server-Sent Events',
    (o) => new SseClient({...o, createEventSource: (url) => new FetchEventSource(url) as unknown as EventSource}),
  ),
  lane('WebSocket push', (o) => new WebSocketPushClient(o)),
];

// Where every client starts: the newest event now (asked without a session, so it is nobody's cost).
const {latestId: startId} = (await (await fetch(`${serverUrl}/events/poll`)).json()) as PollResponse;
console.error(`Running ${lanes.length} clients against ${serverUrl} for ${seconds} s…`);
const startedAt = Date.now();
for (const {client} of lanes) client.start(startId);
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const elapsedMinutes = (Date.now() - startedAt) / 60_000;

// Read the costs while everything is still running: what is held open now is part of the picture.
const results = await Promise.all(
  lanes.map(async (entry) => {
    const response = await fetch(`${serverUrl}/events/costs?session=${entry.session}`);
    const report = (await response.json()) as CostReport;
    return {
      entry,
      cost: report.transports[entry.transport],
      held: entry.state === 'waiting' || entry.state === 'live' ? 1 : 0,
      delivered: entry.delivered,
    };
  }),
);
for (const {client} of lanes) client.stop();
await server.shutdown();

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
const ms = (value: number | null) => (value === null ? '—' : `${number(value)} ms`);

const rows = results.map(({entry, cost, held}) => {
  const bytes = cost.bytesIn + cost.bytesOut;
  const perEvent = (value: number) => (cost.events === 0 ? '—' : number(value / cost.events));
  return [
    entry.label,
    number(cost.events),
    number(cost.requests / elapsedMinutes, 1),
    `${perEvent(bytes)} (${perEvent(cost.bytesIn)} in, ${perEvent(cost.bytesOut)} out)`,
    number(cost.emptyResponses),
    ms(percentile(entry.delays, 50)),
    ms(percentile(entry.delays, 95)),
    `${held} / ${cost.connections}`,
  ];
});

const header = [
  'Transport',
  'Events',
  'Requests per minute',
  'Bytes per event, in + out',
  'Empty responses',
  'Delay p50',
  'Delay p95',
  'Held at the end / connections opened',
];
const cpu = cpus();
console.log(
  `Real-time transports, measured: ${number(seconds)} s on ${new Date(startedAt).toISOString().slice(0, 10)}, ` +
    `Node ${process.version}, ${platform()} ${release()}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}; ` +
    `a fresh demo server in the same process, its default event stream (one event every 1 s ± 50 %), ` +
    `all clients started after event ${startId}.`,
);
console.log('');
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log('');
console.log(
  'Bytes are counted by the demo server on its TCP socket: request and status lines, headers, bodies, chunk framing and ' +
    'WebSocket frames (not TLS, TCP or IP overhead). The clients are Node’s fetch and WebSocket, which send fewer ' +
    'request headers than a browser (no cookies, Origin, Referer, client hints or long User-Agent), so in a browser ' +
    'every request costs more and the transports that make many requests more still; the live race on the site ' +
    'shows a browser’s own figures. Delays are from the event’s emission to its arrival in the client, on one clock.',
);
const problems = lanes.filter((entry) => entry.duplicates > 0 || entry.unreachable > 0);
for (const entry of problems) {
  console.log(`Note: ${entry.label}: ${entry.duplicates} duplicate events, ${entry.unreachable} unreachable reports.`);
}
for (const {entry, cost, delivered} of results) {
  if (delivered !== cost.events) {
    console.log(
      `Note: ${entry.label}: the client had received ${delivered} events when the server had sent ${cost.events}.`,
    );
  }
}
