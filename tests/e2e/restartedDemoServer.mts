/**
 * The demo server started again, for serverSentEventsRestart.spec.ts: the same
 * code and port as the harness's server, but its first event is ten minutes
 * away, so a test can drop a stream before the new run sets any id. The spec
 * stops the harness's server through the control port and runs this in a
 * child process (Node runs it straight from TypeScript, like the harness).
 *
 * It loads its code first and prints `{"ready": true}`, then binds the port
 * when a line `listen` arrives on stdin: the spec starts it before stopping the
 * harness's server, so the port is served again within milliseconds of being
 * freed, well before the browser's 3 s reconnection, however slowly Node
 * starts on a loaded machine.
 *
 * Prints JSON lines on stdout: `{"listening": url}` once it listens, then
 * `{"stream": {"lastEventId": …, "query": …}}` for every `/events/stream`
 * request, with the `Last-Event-ID` header as this server parsed it off the
 * socket and the `lastEventId` query parameter (each null when absent), seen
 * on Node's `http.server.request.start` channel.
 */
import {subscribe} from 'node:diagnostics_channel';
import type {IncomingMessage} from 'node:http';
import {createInterface} from 'node:readline';
import {loadConfig} from '../../demo-server/src/config.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer} from '../../demo-server/src/server.ts';

const {E2E_DEMO_SERVER_PORT, E2E_SITE_ORIGINS} = process.env;
if (!E2E_DEMO_SERVER_PORT || !E2E_SITE_ORIGINS) {
  throw new Error('Set E2E_DEMO_SERVER_PORT and E2E_SITE_ORIGINS (serverSentEventsRestart.spec.ts does)');
}
const config = loadConfig({PORT: E2E_DEMO_SERVER_PORT, HOST: '127.0.0.1', ALLOWED_ORIGINS: E2E_SITE_ORIGINS});

subscribe('http.server.request.start', (message) => {
  const {request} = message as {request: IncomingMessage};
  const url = new URL(request.url ?? '/', 'http://demo-server.invalid');
  if (url.pathname !== ENDPOINTS.eventsStream) return;
  const header = request.headers['last-event-id'];
  const lastEventId = (Array.isArray(header) ? header[0] : header) ?? null;
  console.log(JSON.stringify({stream: {lastEventId, query: url.searchParams.get('lastEventId')}}));
});

console.log(JSON.stringify({ready: true}));
const lines = createInterface({input: process.stdin});
for await (const line of lines) if (line === 'listen') break;

const server = await startServer(
  {...config, limits: {...config.limits, eventIntervalMs: 10 * 60_000}},
  {logger: silentLogger},
);
console.log(JSON.stringify({listening: server.url}));

process.on('SIGTERM', () => {
  void server.shutdown().then(() => process.exit(0));
});
