/**
 * What Chromium's Resource Timing entries say of the demo server's `/http/timing`, cross-origin as the site sees
 * it: a page at `http://127.0.0.1:<port>` fetches from `http://localhost:<port>`. It empties the browser's pool of
 * idle connections the way the RequestTiming demo does, times a request on a new connection and the next on the
 * reused one, with and without `Timing-Allow-Origin`, `--runs` times (default 5), and prints each entry's phases.
 *
 *   node scripts/measure-timing.mts [--runs 5]
 *
 * The "Where the time goes" article quotes what it prints.
 */
import {createServer} from 'node:net';
import {parseArgs} from 'node:util';
import {chromium} from '@playwright/test';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';

const {values} = parseArgs({options: {runs: {type: 'string', default: '5'}}});
const runs = Number(values.runs);

const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
  });
});
const server = await startServer(
  loadConfig({PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: 'off', ALLOWED_ORIGINS: `http://127.0.0.1:${port}`}),
  {logger: silentLogger},
);
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS]});
try {
  console.log(`Chromium ${browser.version()}; page http://127.0.0.1:${port}, server http://localhost:${port}`);
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/health`);
  for (let run = 1; run <= runs; run += 1) {
    for (const tao of [1, 0]) {
      const result = await page.evaluate(
        async ({base, tao}) => {
          const timed = async (query: string) => {
            const url = `${base}/http/timing?${query}&n=${Math.random()}`;
            await (await fetch(url, {cache: 'no-store'})).arrayBuffer();
            const entry = performance.getEntriesByName(url).at(-1) as PerformanceResourceTiming;
            return {
              dns: entry.domainLookupEnd - entry.domainLookupStart,
              connect: entry.connectEnd - entry.connectStart,
              firstByte: entry.responseStart - entry.requestStart,
              download: entry.responseEnd - entry.responseStart,
              total: entry.responseEnd - entry.startTime,
              requestStart: entry.requestStart,
              encodedBodySize: entry.encodedBodySize,
              serverRequest: entry.serverTiming.find((m) => m.name === 'req')?.description ?? '(empty)',
            };
          };
          let closes = 0;
          for (;;) {
            closes += 1;
            const closing = await timed('size=0&close=1');
            if (closing.serverRequest === '1' || closes >= 8) break;
          }
          const query = `delay=500&size=65536&rate=65536&tao=${tao}`;
          return {closes, fresh: await timed(query), reused: await timed(query)};
        },
        {base: `http://localhost:${port}`, tao},
      );
      // Without Timing-Allow-Origin the marks between fetchStart and responseEnd read 0: no phase can be worked out.
      const line = (name: string, t: typeof result.fresh) =>
        t.requestStart === 0
          ? `  ${name}: total ${t.total.toFixed(1)} ms; requestStart 0, responseStart 0, encodedBodySize ${t.encodedBodySize}, serverTiming ${t.serverRequest}`
          : `  ${name}: dns ${t.dns.toFixed(1)}, connect ${t.connect.toFixed(1)}, first byte ${t.firstByte.toFixed(1)}, download ${t.download.toFixed(1)}, total ${t.total.toFixed(1)} ms; encodedBodySize ${t.encodedBodySize}, server's request no. ${t.serverRequest}`;
      console.log(`run ${run}, Timing-Allow-Origin ${tao ? 'sent' : 'not sent'}, ${result.closes} closing request(s)`);
      console.log(line('new   ', result.fresh));
      console.log(line('reused', result.reused));
    }
  }
} finally {
  await browser.close();
  await server.shutdown();
}
