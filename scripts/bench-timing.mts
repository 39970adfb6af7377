/**
 * Benchmark (not a test): the figures "Where the time goes" (docs/http/timing.mdx) states, written to
 * docs/http/_timing.json, whose strings the article puts in its sentences and its table.
 *
 *   npm run bench:timing                           (5 runs in Chromium)
 *   npm run bench:timing -- --runs 9 --port 8881   (the demo server's port, 8881 unless given)
 *
 * Starts the demo server in this process and measures, on loopback:
 * - the `Server-Timing` field of the first request to the freshly started server, read by Node's own client;
 * - in Chromium (CHROMIUM_PATH, else /usr/bin/chromium), cross-origin as the site sees it (a page at
 *   `http://127.0.0.1:<port>` fetching from `http://localhost:<port>`): it empties the browser's pool of idle
 *   connections the way the RequestTiming demo does, then times a request on a new connection and the next on the
 *   reused one, with and without `Timing-Allow-Origin`, and reads each Resource Timing entry's phases.
 */
import {writeFile} from 'node:fs/promises';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {chromium} from '@playwright/test';
import {format, resolveConfig} from 'prettier';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import {TIMING_METRICS, TIMING_PARAMS} from '../demo-server/src/contract/timing.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {TIMING_LIMITS} from '../demo-server/src/limits.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {loadRange, sampleLoadAverage} from './bench-run.mts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';

const out = fileURLToPath(new URL('../docs/http/_timing.json', import.meta.url));
const {values} = parseArgs({options: {runs: {type: 'string', default: '5'}, port: {type: 'string', default: '8881'}}});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
const loadSampler = sampleLoadAverage();

/** What every timed request asks for: a hold long enough to see, a body slow enough to see. */
const ASKED = {delay: 500, size: 64 * 1024, rate: 64 * 1024};
/** Closing requests the demo makes at most before it times anyway. */
const MAX_CLOSES = 8;

const config = loadConfig({
  PORT: values.port,
  HOST: '127.0.0.1',
  METRICS_PORT: 'off',
  ALLOWED_ORIGINS: `http://127.0.0.1:${values.port}`,
});
const server = await startServer(config, {logger: silentLogger});
const {port} = new URL(server.url);
const query = (tao: boolean) =>
  new URLSearchParams({
    [TIMING_PARAMS.delay]: String(ASKED.delay),
    [TIMING_PARAMS.size]: String(ASKED.size),
    [TIMING_PARAMS.rate]: String(ASKED.rate),
    [TIMING_PARAMS.tao]: tao ? '1' : '0',
  }).toString();

// 1. The field as the first request to a fresh server gets it: before Chromium has made any.
const first = await fetch(`http://127.0.0.1:${port}${ENDPOINTS.timing}?${query(true)}`);
await first.arrayBuffer();
const serverTimingField = first.headers.get('server-timing') ?? '';
const heldMatch = new RegExp(`${TIMING_METRICS.hold};dur=([\\d.]+)`).exec(serverTimingField);
if (heldMatch === null) throw new Error(`No ${TIMING_METRICS.hold} metric in Server-Timing: ${serverTimingField}`);
const firstHeldMs = Number(heldMatch[1]);

// 2. Chromium.
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS]});
const browserVersion = `Chromium ${browser.version()}`;
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${port}${ENDPOINTS.health}`);

interface Entry {
  dns: number;
  connect: number;
  firstByte: number;
  download: number;
  total: number;
  /** The marks the browser hides without Timing-Allow-Origin, and the sizes: all 0 when hidden. */
  hidden: number[];
  serverMetrics: number;
  serverHoldMs: number | null;
  serverRequest: string | null;
}
const pair = (tao: boolean) =>
  page.evaluate(
    async ({base, query, closing, maxCloses, metrics}) => {
      const timed = async (search: string) => {
        const url = `${base}?${search}&n=${Math.random()}`;
        await (await fetch(url, {cache: 'no-store'})).arrayBuffer();
        const entry = performance.getEntriesByName(url).at(-1) as PerformanceResourceTiming;
        const metric = (name: string) => entry.serverTiming.find((m) => m.name === name);
        return {
          dns: entry.domainLookupEnd - entry.domainLookupStart,
          connect: entry.connectEnd - entry.connectStart,
          firstByte: entry.responseStart - entry.requestStart,
          download: entry.responseEnd - entry.responseStart,
          total: entry.responseEnd - entry.startTime,
          hidden: [
            entry.domainLookupStart,
            entry.domainLookupEnd,
            entry.connectStart,
            entry.connectEnd,
            entry.requestStart,
            entry.responseStart,
            entry.encodedBodySize,
            entry.transferSize,
          ],
          serverMetrics: entry.serverTiming.length,
          serverHoldMs: metric(metrics.hold)?.duration ?? null,
          serverRequest: metric(metrics.request)?.description ?? null,
        };
      };
      // As the demo does: close connections until one arrives on a connection opened for it.
      let closes = 0;
      for (;;) {
        closes += 1;
        const closed = await timed(closing);
        if (closed.serverRequest === '1' || closes >= maxCloses) break;
      }
      return {closes, fresh: await timed(query), reused: await timed(query)};
    },
    {
      base: `http://localhost:${port}${ENDPOINTS.timing}`,
      query: query(tao),
      closing: `${TIMING_PARAMS.size}=0&${TIMING_PARAMS.close}=1`,
      maxCloses: MAX_CLOSES,
      metrics: TIMING_METRICS,
    },
  ) as Promise<{closes: number; fresh: Entry; reused: Entry}>;

const withTao: {closes: number; fresh: Entry; reused: Entry}[] = [];
const withoutTao: {closes: number; fresh: Entry; reused: Entry}[] = [];
for (let run = 0; run < runs; run += 1) {
  withTao.push(await pair(true));
  withoutTao.push(await pair(false));
}
await browser.close();
await server.shutdown();
const load = loadSampler.stop();

// The article says the browser hides all of these without the field: stop here if it no longer does.
for (const {fresh, reused} of withoutTao) {
  for (const entry of [fresh, reused]) {
    if (entry.hidden.some((value) => value !== 0) || entry.serverMetrics !== 0) {
      throw new Error(`Without Timing-Allow-Origin, ${browserVersion} showed ${JSON.stringify(entry)}`);
    }
  }
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const number = (value: number, digits: number) =>
  value.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
/** `low–high ms` for a table cell, `low to high ms` in a sentence; one figure when the two are the same. */
const span = (numbers: number[], digits: number, between = '–') => {
  const low = number(Math.min(...numbers), digits);
  const high = number(Math.max(...numbers), digits);
  return low === high ? `${low} ms` : `${low}${between}${high} ms`;
};
const counts = (numbers: number[]) => {
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
  const word = (n: number) => words[n] ?? String(n);
  return low === high
    ? word(low)
    : high === low + 1
      ? `${word(low)} or ${word(high)}`
      : `${word(low)} to ${word(high)}`;
};
const kib = (bytes: number) => `${bytes / 1024} KiB`;

const fresh = withTao.map((run) => run.fresh);
const reused = withTao.map((run) => run.reused);
const asServerSaid = withTao.filter((run) => run.fresh.serverRequest === '1' && run.reused.serverRequest === '2');
const pairSentence =
  asServerSaid.length === runs
    ? 'every timed pair came out as the server said: request 1 on a new connection, request 2 on it'
    : `${asServerSaid.length} of ${runs} timed pairs came out as the server said (request 1 on a new connection, request 2 on it), and the others did not`;
const emptiedSentence = withTao.every((run) => run.closes < MAX_CLOSES)
  ? `${counts(withTao.map((run) => run.closes))} closing requests emptied the pool every time`
  : `the pool was not always empty after ${MAX_CLOSES} closing requests`;

const connectMax = Math.max(...fresh.map((entry) => entry.connect));
const dnsMax = Math.max(...fresh.map((entry) => entry.dns));
const freshTotals = fresh.map((entry) => entry.total);
const reusedTotals = reused.map((entry) => entry.total);
const overlap =
  Math.max(Math.min(...freshTotals), Math.min(...reusedTotals)) <=
  Math.min(Math.max(...freshTotals), Math.max(...reusedTotals));
const saving = median(freshTotals) - median(reusedTotals);
/** What a new connection and the DNS phase of `localhost` cost, and whether the reused connection's request gained. */
const loopback = {
  connect: connectMax < 1 ? 'less than a millisecond' : `at most ${number(connectMax, 1)} ms`,
  dns: dnsMax < 0.05 ? 'nothing measurable' : `at most ${number(dnsMax, 1)} ms`,
  sentence: overlap
    ? 'so the two requests took the same time within the noise'
    : `and the request on the reused connection finished a median of ${number(saving, 1)} ms sooner`,
};

// The server writes one chunk at once, then the rest at the asked rate (routes/timing.ts).
const plannedDownloadMs = ((ASKED.size - TIMING_LIMITS.chunkBytes) / ASKED.rate) * 1000;
const downloadMedian = median([...fresh, ...reused].map((entry) => entry.download));
const downloadSentence =
  Math.abs(downloadMedian - plannedDownloadMs) <= plannedDownloadMs * 0.05
    ? `which is what the browser measured (a median of ${number(downloadMedian, 1)} ms)`
    : `and the browser measured a median of ${number(downloadMedian, 1)} ms`;

const holdGaps = fresh.concat(reused).map((entry) => entry.firstByte - (entry.serverHoldMs ?? 0));
const firstLateMs = firstHeldMs - ASKED.delay;

const measured = {
  date: new Date().toISOString().slice(0, 10),
  command: `npm run bench:timing${runs === 5 ? '' : ` -- --runs ${runs}`}`,
  browserVersion,
  cpuCores: cpus().length,
  loadAverage: loadRange(load),
  runs,
  asked: {
    delay: `${ASKED.delay} ms`,
    size: kib(ASKED.size),
    rate: `${kib(ASKED.rate)}/s`,
    firstChunk: kib(TIMING_LIMITS.chunkBytes),
    rest: kib(ASKED.size - TIMING_LIMITS.chunkBytes),
    plannedDownload: `${number(plannedDownloadMs, 1)} ms`,
    query: query(true),
  },
  emptiedSentence,
  pairSentence,
  fresh: {
    dns: span(
      fresh.map((entry) => entry.dns),
      1,
    ),
    connect: span(
      fresh.map((entry) => entry.connect),
      1,
    ),
    firstByte: span(
      fresh.map((entry) => entry.firstByte),
      1,
    ),
    download: span(
      fresh.map((entry) => entry.download),
      1,
    ),
  },
  reused: {
    dns: span(
      reused.map((entry) => entry.dns),
      1,
    ),
    connect: span(
      reused.map((entry) => entry.connect),
      1,
    ),
    firstByte: span(
      reused.map((entry) => entry.firstByte),
      1,
    ),
    download: span(
      reused.map((entry) => entry.download),
      1,
    ),
  },
  loopback,
  downloadSentence,
  serverTiming: {
    field: serverTimingField,
    firstHeld: `${number(firstHeldMs, 1)} ms`,
    /** How late the hold's timer fired on the first request, in words. */
    firstLate:
      firstLateMs >= 0.05 ? `fired ${number(firstLateMs, 1)} ms late` : 'fired on time, to the tenth of a millisecond',
    /** The browser's First byte less the server's hold: the two trips and the time to note the head. */
    holdUnderFirstByte: `a median of ${number(median(holdGaps), 1)} ms (at most ${number(Math.max(...holdGaps), 1)} ms)`,
  },
  total: {
    withTao: span(
      withTao.flatMap((run) => [run.fresh.total, run.reused.total]),
      0,
      ' to ',
    ),
    withoutTao: span(
      withoutTao.flatMap((run) => [run.fresh.total, run.reused.total]),
      0,
      ' to ',
    ),
  },
};
const prettier = await resolveConfig(out);
await writeFile(out, await format(JSON.stringify(measured), {...prettier, parser: 'json', filepath: out}));
process.stdout.write(`${JSON.stringify(measured, null, 2)}\nWrote ${out}\n`);
