/**
 * The cost of one `GET /metrics` scrape, with the demo server holding many
 * WebSockets open (what a scrape walks: the registry's connections and the
 * upgraded sockets' byte counters).
 *
 *   node scripts/bench-metrics.mts [--connections 10000] [--scrapes 100]
 *
 * It starts `node demo-server/src/main.ts` in its own process (per-client
 * bounds lifted, since every connection comes from 127.0.0.1), scrapes with
 * no connection open, opens the connections to /ws/echo and scrapes again.
 * For each, it prints the text's samples and bytes, and the time to build it
 * inside the server (the `scrape` debug line) and to fetch it over loopback,
 * median and 95th percentile. A benchmark, not a test: the monitoring page
 * quotes it.
 */
import {spawn} from 'node:child_process';
import {cpus, loadavg} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import WebSocket from 'ws';

const {values} = parseArgs({
  options: {connections: {type: 'string', default: '10000'}, scrapes: {type: 'string', default: '100'}},
});
const connections = Number(values.connections);
const scrapes = Number(values.scrapes);
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

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function measure(label: string): Promise<string[]> {
  // Warm-up scrapes (the first ones compile the code), not counted.
  for (let i = 0; i < 10; i += 1) await (await fetch(`${metricsUrl}/metrics`)).text();
  await new Promise((resolve) => setTimeout(resolve, 100));
  scrapeLines.length = 0;
  const fetchMs: number[] = [];
  let bytes = 0;
  let samples = 0;
  for (let i = 0; i < scrapes; i += 1) {
    const at = performance.now();
    const text = await (await fetch(`${metricsUrl}/metrics`)).text();
    fetchMs.push(performance.now() - at);
    bytes = Buffer.byteLength(text);
    samples = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // The last debug lines.
  const inServer = scrapeLines.map(({ms}) => ms).sort((a, b) => a - b);
  fetchMs.sort((a, b) => a - b);
  const ms = (n: number) => n.toFixed(2);
  return [
    label,
    String(samples),
    bytes.toLocaleString('en'),
    `${ms(quantile(inServer, 0.5))} / ${ms(quantile(inServer, 0.95))}`,
    `${ms(quantile(fetchMs, 0.5))} / ${ms(quantile(fetchMs, 0.95))}`,
  ];
}

const rows = [await measure('0 connections')];
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
rows.push(await measure(`${connections.toLocaleString('en')} WebSockets`));

for (const socket of sockets) socket.terminate();
serverProcess.kill('SIGTERM');

const header = [
  'Open',
  'Samples',
  'Bytes',
  'Built in the server, ms (p50 / p95)',
  'Fetched over loopback, ms (p50 / p95)',
];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(
  `${scrapes} scrapes each after 10 not counted, Node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`,
);
console.log(line(header));
console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
for (const row of rows) console.log(line(row));
