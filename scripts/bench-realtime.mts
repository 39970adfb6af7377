/**
 * Benchmark (not a test): what each real-time transport costs per event.
 *
 *   npm run bench:realtime                 (60 s)
 *   npm run bench:realtime -- --seconds 20
 *
 * Starts the demo server in this process with its default event stream (an
 * event about once a second, at irregular times), then follows it for the
 * same window with the very clients the site's demos use (src/lib/realtime):
 * short polling at 250 ms, 1 s and 5 s, long polling, Server-Sent Events
 * (Node's EventSource, hence --experimental-eventsource) and WebSocket push,
 * each under its own session. At the end it reads what the server counted on
 * the socket for each session and prints a Markdown table. Client and server
 * share one clock, so the delays need no offset.
 *
 * Node's clients send few headers (no cookies, no User-Agent hints); a browser
 * sends several hundred bytes more per request, so the request-based
 * transports cost a browser more than this table shows. The live race on
 * /docs/realtime/request-response shows a browser's own figures.
 */
import {cpus} from 'node:os';
import {parseArgs} from 'node:util';
import {ENDPOINTS, type CostReport, type PollResponse} from '../demo-server/src/contract.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {percentile} from '../src/lib/realtime/delays.ts';
import {
  LongPollClient,
  ShortPollClient,
  SseClient,
  WebSocketPushClient,
  type TransportClient,
  type TransportOptions,
} from '../src/lib/realtime/transports.ts';

const {values} = parseArgs({options: {seconds: {type: 'string', default: '60'}}});
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds < 5) throw new Error('--seconds must be a number ≥ 5');

interface Runner {
  name: string;
  session: string;
  client: TransportClient;
  delays: number[];
  ids: number[];
}

const server = await startServer(loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'http://localhost:3000'}), {
  logger: silentLogger,
});

function runner(name: string, make: (options: TransportOptions) => TransportClient): Runner {
  const session = `bench-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const entry: Runner = {name, session, client: undefined as unknown as TransportClient, delays: [], ids: []};
  entry.client = make({
    serverUrl: server.url,
    session,
    onEvents: (events, arrivedAt) => {
      for (const event of events) {
        entry.delays.push(arrivedAt - event.emittedAt);
        entry.ids.push(event.id);
      }
    },
  });
  return entry;
}

const runners: Runner[] = [
  runner('Short polling, 250 ms', (o) => new ShortPollClient({...o, intervalMs: 250})),
  runner('Short polling, 1 s', (o) => new ShortPollClient({...o, intervalMs: 1000})),
  runner('Short polling, 5 s', (o) => new ShortPollClient({...o, intervalMs: 5000})),
  runner('Long polling', (o) => new LongPollClient(o)),
  runner('Server-Sent Events', (o) => new SseClient(o)),
  runner('WebSocket', (o) => new WebSocketPushClient(o)),
];
const transportOf = (client: TransportClient) => client.transport;

const start = (await (await fetch(`${server.url}${ENDPOINTS.eventsPoll}`)).json()) as PollResponse;
console.error(`Following the event stream for ${seconds} s from event ${start.latestId}…`);
for (const entry of runners) entry.client.start(start.latestId);
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));

const reports = new Map<Runner, CostReport>();
for (const entry of runners) {
  const response = await fetch(`${server.url}${ENDPOINTS.eventsCosts}?session=${entry.session}`);
  reports.set(entry, (await response.json()) as CostReport);
}
for (const entry of runners) entry.client.stop();
await server.shutdown();

const rows = runners.map((entry) => {
  const cost = reports.get(entry)?.transports[transportOf(entry.client)];
  if (cost === undefined) throw new Error(`no costs for ${entry.name}`);
  const events = entry.ids.length;
  const missing = events === 0 ? 0 : (entry.ids.at(-1) ?? 0) - (entry.ids[0] ?? 0) + 1 - new Set(entry.ids).size;
  return [
    entry.name,
    String(events) + (missing > 0 ? ` (${missing} missing)` : ''),
    ((cost.requests * 60) / seconds).toFixed(1),
    cost.events === 0 ? '—' : String(Math.round((cost.bytesIn + cost.bytesOut) / cost.events)),
    `${cost.emptyResponses} of ${cost.requests}`,
    `${Math.round(percentile(entry.delays, 50) ?? 0)} ms`,
    `${Math.round(percentile(entry.delays, 95) ?? 0)} ms`,
    String(cost.connections),
    String(cost.open),
  ];
});

const header = [
  'Transport',
  'Events',
  'Requests / min',
  'Bytes / event',
  'Empty answers',
  'Delay p50',
  'Delay p95',
  'Connections used',
  'Held open at the end',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(
  `\n${seconds} s on ${cpus().length} CPU cores, Node ${process.version}, client and server on one machine (loopback). ` +
    'Bytes are counted by the server on each socket, both directions, headers included; Node sends fewer request ' +
    'headers than a browser does.',
);
