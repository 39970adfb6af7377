/**
 * Benchmark (not a test): what each real-time transport costs per event.
 *
 *   npm run bench:realtime                 (60 s)
 *   npm run bench:realtime -- --seconds 20
 *   npm run bench:realtime -- --out /tmp/results.md
 *
 * Starts the demo server in this process with its default event stream (an
 * event about once a second, at irregular times), then follows it for the
 * same window with the very clients the site's demos use (src/lib/realtime):
 * short polling at 250 ms, 1 s and 5 s, long polling, Server-Sent Events
 * (Node's EventSource, hence --experimental-eventsource) and WebSocket push,
 * each under its own session. When the window closes it asks the server for
 * its newest event id, notes what each client had received by then, reads
 * what the server counted on the socket for each session, and writes
 * docs/realtime/_benchmark-results.md (or the file given with --out): the
 * table and the sentences about it, all from this run's data
 * (scripts/bench-realtime-report.mts). Client and server share one clock, so
 * the delays need no offset.
 *
 * Node's clients send few headers (no cookies, no User-Agent hints); a browser
 * sends several hundred bytes more per request, so the request-based
 * transports cost a browser more than this table shows. The live race on
 * /docs/realtime/request-response shows a browser's own figures.
 */
import {writeFile} from 'node:fs/promises';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import type {CostReport, PollResponse} from '../demo-server/src/contract/events.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {percentile} from '../src/lib/realtime/delays.ts';
import {LongPollClient} from '../src/lib/realtime/longPollClient.ts';
import {ShortPollClient} from '../src/lib/realtime/shortPollClient.ts';
import {SseClient} from '../src/lib/realtime/sseClient.ts';
import type {TransportClient, TransportOptions} from '../src/lib/realtime/transportClient.ts';
import {WebSocketPushClient} from '../src/lib/realtime/webSocketPushClient.ts';
import {receivedInWindow, resultsMarkdown, type EventWindow} from './bench-realtime-report.mts';

const defaultOut = fileURLToPath(new URL('../docs/realtime/_benchmark-results.md', import.meta.url));
const {values} = parseArgs({
  options: {seconds: {type: 'string', default: '60'}, out: {type: 'string', default: defaultOut}},
});
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds < 5) throw new Error('--seconds must be a number ≥ 5');
const command = `npm run bench:realtime${values.seconds === '60' ? '' : ` -- --seconds ${values.seconds}`}`;

interface Runner {
  name: string;
  session: string;
  client: TransportClient;
  /** Every event received: its id and its delay (arrival minus emission, one clock). */
  received: {id: number; delay: number}[];
}

const server = await startServer(loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'http://localhost:3000'}), {
  logger: silentLogger,
});

function runner(name: string, make: (options: TransportOptions) => TransportClient): Runner {
  const session = `bench-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const entry: Runner = {name, session, client: undefined as unknown as TransportClient, received: []};
  entry.client = make({
    serverUrl: server.url,
    session,
    onEvents: (events, arrivedAt) => {
      for (const event of events) entry.received.push({id: event.id, delay: arrivedAt - event.emittedAt});
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

// The window holds the events the server had emitted when it closed; what each client had by then is
// noted after the server named its newest event, so an event a row lacks had been emitted and not arrived.
const end = (await (await fetch(`${server.url}${ENDPOINTS.eventsPoll}`)).json()) as PollResponse;
const eventWindow: EventWindow = {firstId: start.latestId + 1, lastId: end.latestId};
const receivedByTheEnd = new Map(runners.map((entry) => [entry, [...entry.received]]));

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
  const inWindow = (receivedByTheEnd.get(entry) ?? []).filter(
    ({id}) => id >= eventWindow.firstId && id <= eventWindow.lastId,
  );
  const delays = inWindow.map(({delay}) => delay);
  return [
    entry.name,
    String(
      receivedInWindow(
        inWindow.map(({id}) => id),
        eventWindow,
      ).length,
    ),
    ((cost.requests * 60) / seconds).toFixed(1),
    cost.events === 0 ? '—' : String(Math.round((cost.bytesIn + cost.bytesOut) / cost.events)),
    `${cost.emptyResponses} of ${cost.requests}`,
    `${Math.round(percentile(delays, 50) ?? 0)} ms`,
    `${Math.round(percentile(delays, 95) ?? 0)} ms`,
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
const markdown = resultsMarkdown({
  date: new Date().toISOString().slice(0, 10),
  seconds,
  nodeVersion: process.version,
  cpuCores: cpus().length,
  window: eventWindow,
  header,
  cells: rows,
  rows: runners.map((entry) => ({
    name: entry.name,
    receivedIds: (receivedByTheEnd.get(entry) ?? []).map(({id}) => id),
  })),
  command,
});
const formatted = await format(markdown, {...(await resolveConfig(values.out)), filepath: values.out});
await writeFile(values.out, formatted);
console.log(formatted);
console.error(`Written to ${values.out}`);
