/**
 * Benchmark (not a test): the same REST requests over HTTP and over the
 * WebSocket at /ws/rest, in bytes on the wire and in time.
 *
 *   npm run bench:rest-transports                 (200 rounds)
 *   npm run bench:rest-transports -- --rounds 50 --out /tmp/rest.md
 *
 * Starts the demo server in this process (its per-connection message rate
 * raised, since this client sends as fast as answers come) and runs, with the
 * very helpers the "Same API, two transports" demo uses
 * (src/lib/restOverWebSocket.ts), the demo's sequence — list, create, read,
 * update with If-Match, delete — `rounds` times over HTTP (Node's fetch, one
 * keep-alive connection) and `rounds` times over one WebSocket (Node's
 * WebSocket), alternating so neither runs on a warmer process. HTTP bytes are
 * the server's count on its socket; WebSocket bytes are the frames. Prints a
 * Markdown table of the median bytes and time per request kind, and writes it
 * with the sentences about it to docs/rest/_rest-transports-results.md (or the
 * file given with --out), which the "REST over WebSocket" article shows.
 *
 * Node's fetch sends fewer headers than a browser (no cookies, no client
 * hints, a short User-Agent) and no CORS preflight, so HTTP costs a browser
 * more than this shows; the demo on /docs/rest/rest-over-websocket shows a
 * browser's own figures.
 */
import {writeFile} from 'node:fs/promises';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import type {SandboxRepresentation} from '../demo-server/src/contract/rest.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {
  REST_SEQUENCE_STEPS,
  httpRequest,
  RestSocketClient,
  runRestSequence,
  type Measured,
  type SendRequest,
} from '../src/lib/restOverWebSocket.ts';
import {medians, resultsMarkdown, resultsTable, type StepMedians} from './bench-rest-transports-report.mts';
import {sampleLoadAverage} from './bench-run.mts';

const defaultOut = fileURLToPath(new URL('../docs/rest/_rest-transports-results.md', import.meta.url));
const {values} = parseArgs({
  options: {rounds: {type: 'string', default: '200'}, out: {type: 'string', default: defaultOut}},
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 10) throw new Error('--rounds must be a whole number ≥ 10');
const command = `npm run bench:rest-transports${rounds === 200 ? '' : ` -- --rounds ${rounds}`}`;
/** Rounds of each transport run first and not counted, so both paths are compiled and warm. */
const WARM_UP = 5;

const loadSampler = sampleLoadAverage();

const config = loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'http://localhost:3000'});
const server = await startServer(
  {...config, limits: {...config.limits, messagesPerSecond: 1_000_000, sandboxIdleMs: 3_600_000}},
  {logger: silentLogger},
);

const made = await httpRequest(server.url, 'POST', `${ENDPOINTS.api}/sandboxes`);
const notes = (made.body as SandboxRepresentation)._links.notes.href;

let handshakeBytes = 0;
const client = new RestSocketClient({
  onPush: () => undefined,
  onHello: (hello) => (handshakeBytes = hello.handshake.requestBytes + hello.handshake.responseBytes),
});
const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}${ENDPOINTS.restWebSocket}`);
socket.addEventListener('message', (event) => client.receive(String(event.data)));
await new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve());
  socket.addEventListener('error', () => reject(new Error('Could not open /ws/rest')));
});
client.attach(socket);

const http: Measured[][] = [];
const ws: Measured[][] = [];
const viaHttp: SendRequest = (method, path, headers, body) => httpRequest(server.url, method, path, {headers, body});
const viaWs: SendRequest = (method, path, headers, body) =>
  client.request({method: method as 'GET', path, headers, ...(body === undefined ? {} : {body})});
for (let i = 0; i < WARM_UP; i++) {
  await runRestSequence(viaHttp, notes, 'HTTP');
  await runRestSequence(viaWs, notes, 'WebSocket');
}
for (let i = 0; i < rounds; i++) {
  http.push(await runRestSequence(viaHttp, notes, 'HTTP'));
  ws.push(await runRestSequence(viaWs, notes, 'WebSocket'));
}
socket.close();
await server.shutdown();

const loadAverage = loadSampler.stop();

/** The step at `index` of every round over one transport, with the byte counts it must have. */
const step = (runs: Measured[][], index: number) =>
  medians(
    runs.map((run) => {
      const row = run[index];
      if (row?.bytesUp == null || row.bytesDown == null) throw new Error(`step ${index} has no byte counts`);
      return {bytesUp: row.bytesUp, bytesDown: row.bytesDown, ms: row.ms};
    }),
  );
const steps: StepMedians[] = REST_SEQUENCE_STEPS.map((name, index) => ({
  name,
  http: step(http, index),
  ws: step(ws, index),
}));

console.log(resultsTable(steps));
const markdown = resultsMarkdown({
  date: new Date().toISOString().slice(0, 10),
  command,
  nodeVersion: process.version,
  cpuModel: cpus()[0]?.model.trim() ?? 'an unknown CPU',
  cpuCores: cpus().length,
  rounds,
  warmUp: WARM_UP,
  loadAverage,
  steps,
  handshakeBytes,
});
await writeFile(values.out, await format(markdown, {...(await resolveConfig(values.out)), filepath: values.out}));
console.error(`Written to ${values.out}`);
