/**
 * The cost of one `GET /metrics` scrape, with the demo server holding many
 * WebSockets open (what a scrape walks: the registry's connections and the
 * upgraded sockets' byte counters).
 *
 *   npm run bench:metrics                                  (10,000 WebSockets, 100 scrapes)
 *   npm run bench:metrics -- --connections 2000 --scrapes 50 --out /tmp/metrics.md
 *
 * It starts `node demo-server/src/main.ts` in its own process (per-client
 * bounds lifted, since every connection comes from 127.0.0.1), scrapes with
 * no connection open, opens the connections to /ws/echo and scrapes again.
 * For each, it prints the text's samples and bytes, and the time to build it
 * inside the server (the `scrape` debug line) and to fetch it over loopback,
 * median and 95th percentile. Then it prints the table and writes it, with the
 * sentences that state its figures, to docs/operate/_metrics-results.md (or the
 * file given with --out), which the monitoring page shows. A benchmark, not a test.
 */
import {spawn} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import WebSocket from 'ws';
import {DEFAULT_LIMITS} from '../demo-server/src/limits.ts';
import {countSamples, resultsMarkdown, resultsTable, type ScrapeSeries} from './bench-metrics-report.mts';
import {sampleLoadAverage} from './bench-run.mts';

const defaultOut = fileURLToPath(new URL('../docs/operate/_metrics-results.md', import.meta.url));
const {values} = parseArgs({
  options: {
    connections: {type: 'string', default: '10000'},
    scrapes: {type: 'string', default: '100'},
    out: {type: 'string', default: defaultOut},
  },
});
const connections = Number(values.connections);
const scrapes = Number(values.scrapes);
for (const [name, value] of [
  ['--connections', connections],
  ['--scrapes', scrapes],
] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1; got ${value}`);
}
/** Scrapes made before the counted ones, and not counted: the first ones compile the code. */
const WARM_UP = 10;
/**
 * The counted scrapes start at least this far apart, at half the rate of log lines the server writes of one
 * event: back to back, most `scrape` lines, whose times the table reports, would be left out (`rateLimited`).
 */
const SCRAPE_INTERVAL_MS = 2000 / DEFAULT_LIMITS.logLinesPerSecondPerEvent;
const command = `npm run bench:metrics${connections === 10_000 && scrapes === 100 ? '' : ` -- --connections ${connections} --scrapes ${scrapes}`}`;

const runStartedAt = Date.now();
const loadSampler = sampleLoadAverage();
const main = fileURLToPath(new URL('../demo-server/src/main.ts', import.meta.url));

const serverProcess = spawn(process.execPath, [main], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'debug',
    PORT: '0',
    METRICS_PORT: '0',
    MAX_CONNECTIONS: String(connections + 100),
    // As high as the configuration allows (10,000 and 100,000): every connection comes from 127.0.0.1.
    MAX_CONNECTIONS_PER_CLIENT: String(Math.min(connections + 100, 10_000)),
    HANDSHAKES_PER_MINUTE: '100000',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const scrapeLines: Array<{bytes: number; ms: number}> = [];
const started = new Promise<{url: string; metricsUrl: string}>((resolve, reject) => {
  let pending = '';
  serverProcess.stdout.setEncoding('utf8');
  serverProcess.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const entry = JSON.parse(line) as {event: string; url: string; metricsUrl: string; bytes: number; ms: number};
      if (entry.event === 'start') resolve({url: entry.url, metricsUrl: entry.metricsUrl});
      if (entry.event === 'scrape') scrapeLines.push({bytes: entry.bytes, ms: entry.ms});
    }
  });
  serverProcess.once('exit', (code) => reject(new Error(`the demo server exited (${code})`)));
});
const {url, metricsUrl} = await started;

async function measure(open: number): Promise<ScrapeSeries> {
  for (let i = 0; i < WARM_UP; i += 1) await (await fetch(`${metricsUrl}/metrics`)).text();
  await new Promise((resolve) => setTimeout(resolve, 100));
  scrapeLines.length = 0;
  const fetchedMs: number[] = [];
  let text = '';
  for (let i = 0; i < scrapes; i += 1) {
    const at = performance.now();
    text = await (await fetch(`${metricsUrl}/metrics`)).text();
    fetchedMs.push(performance.now() - at);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at + SCRAPE_INTERVAL_MS - performance.now())));
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // The last debug lines.
  if (scrapeLines.length !== scrapes) {
    throw new Error(`the server logged ${scrapeLines.length} scrape lines for ${scrapes} scrapes`);
  }
  return {
    connections: open,
    samples: countSamples(text),
    bytes: Buffer.byteLength(text),
    builtMs: scrapeLines.map(({ms}) => ms),
    fetchedMs,
  };
}

const series = [await measure(0)];
const sockets: WebSocket[] = [];
const wsUrl = `${url.replace('http', 'ws')}/ws/echo`;
for (let opened = 0; opened < connections;) {
  const batch = Math.min(200, connections - opened);
  await Promise.all(
    Array.from(
      {length: batch},
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(wsUrl);
          socket.once('open', () => {
            sockets.push(socket);
            resolve();
          });
          socket.once('error', reject);
        }),
    ),
  );
  opened += batch;
}
// One message each way on every connection, so the byte counters have something to add.
await Promise.all(
  sockets.map(
    (socket) =>
      new Promise<void>((resolve) => {
        socket.once('message', () => resolve());
        socket.send('x');
      }),
  ),
);
series.push(await measure(sockets.length));

for (const socket of sockets) socket.terminate();
serverProcess.kill('SIGTERM');
const loadAverage = loadSampler.stop();

console.log(resultsTable(series));
const markdown = resultsMarkdown({
  date: new Date().toISOString().slice(0, 10),
  command,
  nodeVersion: process.version,
  cpuCores: cpus().length,
  scrapes,
  warmUp: WARM_UP,
  intervalMs: SCRAPE_INTERVAL_MS,
  seconds: (Date.now() - runStartedAt) / 1000,
  loadAverage,
  series,
});
await writeFile(values.out, await format(markdown, {...(await resolveConfig(values.out)), filepath: values.out}));
console.error(`Written to ${values.out}`);
