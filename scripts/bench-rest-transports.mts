/**
 * Benchmark (not a test): the same REST requests over HTTP and over the
 * WebSocket at /ws/rest, in bytes on the wire and in time.
 *
 *   npm run bench:rest-transports                 (200 rounds)
 *   npm run bench:rest-transports -- --rounds 50
 *
 * Starts the demo server in this process (its per-connection message rate
 * raised, since this client sends as fast as answers come) and runs, with the
 * very helpers the "Same API, two transports" demo uses
 * (src/lib/restOverWebSocket.ts), the demo's sequence — list, create, read,
 * update with If-Match, delete — `rounds` times over HTTP (Node's fetch, one
 * keep-alive connection) and `rounds` times over one WebSocket (Node's
 * WebSocket), alternating so neither runs on a warmer process. HTTP bytes are
 * the server's count on its socket; WebSocket bytes are the frames. Prints a
 * Markdown table of the median bytes and time per request kind.
 *
 * Node's fetch sends fewer headers than a browser (no cookies, no client
 * hints, a short User-Agent) and no CORS preflight, so HTTP costs a browser
 * more than this shows; the demo on /docs/rest/rest-over-websocket shows a
 * browser's own figures.
 */
import {cpus} from 'node:os';
import {parseArgs} from 'node:util';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import type {SandboxRepresentation} from '../demo-server/src/contract/rest.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {percentile} from '../src/lib/realtime/delays.ts';
import {
  REST_SEQUENCE_STEPS,
  httpRequest,
  RestSocketClient,
  runRestSequence,
  type Measured,
  type SendRequest,
} from '../src/lib/restOverWebSocket.ts';

const {values} = parseArgs({options: {rounds: {type: 'string', default: '200'}}});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 10) throw new Error('--rounds must be a whole number ≥ 10');

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
// A few unmeasured rounds first, so both paths are compiled and warm.
for (let i = 0; i < 5; i++) {
  await runRestSequence(viaHttp, notes, 'HTTP');
  await runRestSequence(viaWs, notes, 'WebSocket');
}
for (let i = 0; i < rounds; i++) {
  http.push(await runRestSequence(viaHttp, notes, 'HTTP'));
  ws.push(await runRestSequence(viaWs, notes, 'WebSocket'));
}
socket.close();
await server.shutdown();

const median = (values: number[]) => percentile(values, 50) ?? 0;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const cell = (runs: Measured[][], index: number) => {
  const rows = runs.flatMap((run) => run.slice(index, index + 1));
  return {
    up: median(rows.map((r) => r.bytesUp ?? 0)),
    down: median(rows.map((r) => r.bytesDown ?? 0)),
    ms: median(rows.map((r) => r.ms)),
  };
};

console.log(
  `REST over HTTP and over /ws/rest, ${rounds} rounds of the demo's sequence each, ${new Date().toISOString().slice(0, 10)}, ` +
    `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, loopback.\n`,
);
console.log(
  '| Request | HTTP bytes up / down | WebSocket bytes up / down | HTTP time (median) | WebSocket time (median) |',
);
console.log(
  '| ------- | -------------------- | ------------------------- | ------------------ | ----------------------- |',
);
let totals = {httpBytes: 0, wsBytes: 0, httpMs: 0, wsMs: 0};
for (const [index, name] of REST_SEQUENCE_STEPS.entries()) {
  const h = cell(http, index);
  const w = cell(ws, index);
  totals = {
    httpBytes: totals.httpBytes + h.up + h.down,
    wsBytes: totals.wsBytes + w.up + w.down,
    httpMs: totals.httpMs + h.ms,
    wsMs: totals.wsMs + w.ms,
  };
  console.log(`| ${name} | ${h.up} / ${h.down} | ${w.up} / ${w.down} | ${fmt(h.ms)} ms | ${fmt(w.ms)} ms |`);
}
console.log(
  `| **Sequence** | **${totals.httpBytes}** | **${totals.wsBytes}** | **${fmt(totals.httpMs)} ms** | **${fmt(totals.wsMs)} ms** |`,
);
console.log(`\nThe WebSocket's opening handshake, once per connection: ${handshakeBytes} bytes.`);
