/**
 * Benchmark (not a test): each FTP demo file fetched by FTP and by HTTP, the
 * figures that "HTTP and FTP" (blog/2026-11-25-http-and-ftp) quotes.
 *
 *   npm run bench:ftp-vs-http                 (20 runs per file)
 *   npm run bench:ftp-vs-http -- --runs 50 --out /tmp/ftp.md
 *
 * Starts the demo server in this process (its run limit and message rate
 * raised, since this client runs back to back) and sends `{"type":"run","file":…}` to
 * /ws/ftp-vs-http, exactly as the page does: the server fetches the file with
 * basic-ftp from its loopback FTP server, then with a hand-written HTTP/1.1
 * request from itself, and reports what it counted on its sockets. Prints a
 * Markdown table: connections, round trips, bytes on the wire (the smallest
 * and largest seen, if they differ) and the median time, after one unmeasured
 * warm-up run per file, and writes it with the sentences about it to
 * blog/2026-11-25-http-and-ftp/_ftp-vs-http-results.md (or the file given
 * with --out), which the post shows.
 * Everything runs on loopback, so the times show the protocols' own overhead,
 * not a network's.
 */
import {writeFile} from 'node:fs/promises';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import {
  FTP_VS_HTTP_FILES,
  type FtpVsHttpServerMessage,
  type FtpVsHttpTally,
} from '../demo-server/src/contract/ftpVsHttp.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {resultsMarkdown, resultsTable, type FileRuns} from './bench-ftp-vs-http-report.mts';
import {sampleLoadAverage} from './bench-run.mts';

const defaultOut = fileURLToPath(new URL('../blog/2026-11-25-http-and-ftp/_ftp-vs-http-results.md', import.meta.url));
const {values} = parseArgs({
  options: {runs: {type: 'string', default: '20'}, out: {type: 'string', default: defaultOut}},
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
const command = `npm run bench:ftp-vs-http${runs === 20 ? '' : ` -- --runs ${runs}`}`;
const loadSampler = sampleLoadAverage();

const config = loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'http://localhost:3000'});
const server = await startServer(
  {...config, limits: {...config.limits, ftpRunsPerMinutePerClient: 1_000_000, messagesPerSecond: 1_000_000}},
  {logger: silentLogger},
);

type Summary = Extract<FtpVsHttpServerMessage, {type: 'summary'}>;

const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}${ENDPOINTS.ftpVsHttp}`);
let waiting: {resolve: (summary: Summary) => void; reject: (error: Error) => void} | null = null;
socket.addEventListener('message', (event) => {
  const message = JSON.parse(String(event.data)) as FtpVsHttpServerMessage;
  if (message.type === 'summary') waiting?.resolve(message);
  if (message.type === 'error') waiting?.reject(new Error(message.message));
});
socket.addEventListener('close', (event) => waiting?.reject(new Error(`The server closed the socket (${event.code})`)));
await new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve());
  socket.addEventListener('error', () => reject(new Error(`Could not open ${ENDPOINTS.ftpVsHttp}`)));
});

function run(file: string): Promise<Summary> {
  return new Promise((resolve, reject) => {
    waiting = {resolve, reject};
    socket.send(JSON.stringify({type: 'run', file}));
  });
}

// One unmeasured run per file first, so no file pays for the process warming up (JIT, first connections).
for (const file of FTP_VS_HTTP_FILES) await run(file);

const files: FileRuns[] = [];
for (const file of FTP_VS_HTTP_FILES) {
  const tallies: Record<'ftp' | 'http', FtpVsHttpTally[]> = {ftp: [], http: []};
  for (let i = 0; i < runs; i += 1) {
    const summary = await run(file);
    if (!summary.sameBytes) throw new Error(`${file}: FTP and HTTP delivered different bytes`);
    tallies.ftp.push(summary.ftp);
    tallies.http.push(summary.http);
  }
  files.push({file, ...tallies});
}

socket.close();
await server.shutdown();
const loadAverage = loadSampler.stop();

console.log(resultsTable(files));
const markdown = resultsMarkdown({
  date: new Date().toISOString().slice(0, 10),
  command,
  nodeVersion: process.version,
  platform: process.platform === 'linux' ? 'Linux' : process.platform,
  cpuModel: cpus()[0]?.model.trim() ?? 'an unknown CPU',
  cpuCores: cpus().length,
  runs,
  loadAverage,
  files,
});
await writeFile(values.out, await format(markdown, {...(await resolveConfig(values.out)), filepath: values.out}));
console.error(`Written to ${values.out}`);
