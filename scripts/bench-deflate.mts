/**
 * Benchmark (not a test): what permessage-deflate costs a WebSocket server.
 *
 *   npm run bench:deflate            (Linux: reads /proc for the server's CPU and memory; 4 runs)
 *   npm run bench:deflate -- --runs 1 --out /tmp/deflate.md
 *
 * Starts an echo server in a child process twice — without compression, and
 * with permessage-deflate configured as the demo server's /ws/inspect-deflate
 * endpoint (ws, threshold 0, context takeover on) — opens CONNECTIONS clients
 * that offer permessage-deflate, has each send MESSAGES JSON messages and read
 * the echoes, and prints per mode: bytes on the wire per message, server CPU
 * per message, and server memory per connection, the medians over the runs.
 * It writes them, with the sentences about them, to
 * docs/websocket/_deflate-results.md (or the file given with --out), which the
 * "Subprotocols and extensions" article shows.
 */
import {fork} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import {WebSocket, WebSocketServer} from 'ws';
import {resultsMarkdown, resultsTable, type DeflateFigures} from './bench-deflate-report.mts';
import {sampleLoadAverage} from './bench-run.mts';

const CONNECTIONS = 100;
const MESSAGES = 50;
/**
 * A JSON update like those real-time apps send: the same shape every time,
 * different numbers. Compression (and its context takeover, which remembers
 * earlier messages) is at its best on such traffic, so this is a favourable
 * case for deflate's bytes and an honest one for its CPU and memory.
 */
function message(round: number, connection: number): string {
  return JSON.stringify(
    Array.from({length: 20}, (_, i) => ({
      id: i,
      type: 'price-update',
      symbol: 'OTW',
      bid: Number((101.25 + ((round * 7 + connection * 13 + i * 3) % 97) / 10).toFixed(2)),
      ask: Number((101.5 + ((round * 11 + connection * 5 + i * 7) % 89) / 10).toFixed(2)),
      at: 1_795_000_000_000 + round * 1000 + i,
    })),
  );
}
const MESSAGE_BYTES = Buffer.byteLength(message(0, 0));

type Mode = 'off' | 'deflate';

if (process.argv[2] === 'server') {
  const mode = process.argv[3] as Mode;
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    perMessageDeflate: mode === 'deflate' ? {threshold: 0} : false,
  });
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data as Buffer, {binary: isBinary})));
  wss.on('listening', () => {
    const address = wss.address();
    if (address !== null && typeof address === 'object') process.send?.({port: address.port});
  });
} else {
  await main();
}

/** utime + stime of a process, in milliseconds (Linux /proc). */
function cpuMs(pid: number): number {
  // Fields after the command name: state is [0], utime [11], stime [12] (proc(5)).
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Resident memory of a process, in KiB (Linux /proc). */
function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0);
}

async function measure(mode: Mode) {
  const child = fork(new URL(import.meta.url).pathname, ['server', mode], {stdio: 'inherit'});
  const port = await new Promise<number>((resolve) => child.once('message', (m: {port: number}) => resolve(m.port)));
  const pid = child.pid;
  if (pid === undefined) throw new Error('The server process did not start');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const rssBefore = rssKiB(pid);

  let wireBytes = 0;
  const sockets = await Promise.all(
    Array.from(
      {length: CONNECTIONS},
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`ws://127.0.0.1:${port}`, {perMessageDeflate: true});
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  const negotiated = sockets.every((socket) => socket.extensions.includes('permessage-deflate'));
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  for (let round = 0; round < MESSAGES; round++) {
    await Promise.all(
      sockets.map(
        (socket, index) =>
          new Promise<void>((resolve) => {
            socket.once('message', () => resolve());
            // Bytes the client wrote to TCP for this message, frame header and mask included.
            // ws keeps its socket private; the benchmark reads it, the product never does.
            const before = (socket as unknown as {_socket: {bytesWritten: number}})._socket.bytesWritten;
            socket.send(message(round, index), () => {
              wireBytes += (socket as unknown as {_socket: {bytesWritten: number}})._socket.bytesWritten - before;
            });
          }),
      ),
    );
  }
  const elapsed = performance.now() - started;
  const cpu = cpuMs(pid) - cpuBefore;
  const rssAfter = rssKiB(pid);
  for (const socket of sockets) socket.terminate();
  child.kill();

  return {
    mode,
    negotiated,
    messageBytes: MESSAGE_BYTES,
    wireBytesPerMessage: wireBytes / (CONNECTIONS * MESSAGES),
    serverCpuMicrosPerMessage: (cpu * 1000) / (CONNECTIONS * MESSAGES),
    serverKiBPerConnection: (rssAfter - rssBefore) / CONNECTIONS,
    elapsedMs: elapsed,
  };
}

async function main() {
  const defaultOut = fileURLToPath(new URL('../docs/websocket/_deflate-results.md', import.meta.url));
  const {values} = parseArgs({
    options: {runs: {type: 'string', default: '4'}, out: {type: 'string', default: defaultOut}},
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number from 1; got ${values.runs}`);
  const command = `npm run bench:deflate${runs === 4 ? '' : ` -- --runs ${runs}`}`;
  console.log(
    `permessage-deflate benchmark: ${CONNECTIONS} connections × ${MESSAGES} JSON messages of ${MESSAGE_BYTES} bytes, ${runs} run(s) (Node ${process.version}, ws)`,
  );
  const loadSampler = sampleLoadAverage();
  const results: Record<Mode, DeflateFigures[]> = {off: [], deflate: []};
  let negotiated = true;
  for (let run = 0; run < runs; run++) {
    for (const mode of ['off', 'deflate'] as const) {
      const result = await measure(mode);
      if (mode === 'deflate') negotiated &&= result.negotiated;
      results[mode].push(result);
    }
  }
  const loadAverage = loadSampler.stop();
  console.log(resultsTable(results));
  const wsVersion = (createRequire(import.meta.url)('ws/package.json') as {version: string}).version;
  const markdown = resultsMarkdown({
    date: new Date().toISOString().slice(0, 10),
    command,
    nodeVersion: process.version,
    wsVersion,
    cpuCores: cpus().length,
    connections: CONNECTIONS,
    messages: MESSAGES,
    messageBytes: MESSAGE_BYTES,
    negotiated,
    loadAverage,
    runs: results,
  });
  await writeFile(values.out, await format(markdown, {...(await resolveConfig(values.out)), filepath: values.out}));
  console.error(`Written to ${values.out}`);
}
