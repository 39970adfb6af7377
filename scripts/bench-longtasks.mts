/**
 * Benchmark (not a test): how much of the page's main thread each live demo takes while it runs.
 *
 *   npm run bench:longtasks                          (30 s per demo, 3 runs; builds build-bench/ if missing)
 *   npm run bench:longtasks -- --build               (rebuild first, e.g. after changing a demo)
 *   npm run bench:longtasks -- --runs 5 --seconds 60
 *   npm run bench:longtasks -- --only race           (demos whose name contains the word)
 *   npm run bench:longtasks -- --out /tmp/long-tasks.md
 *
 * Serves a production build (build-bench/, built with DEMO_SERVER_URL pointing at the demo server this
 * script starts) with `docusaurus serve`, starts the real demo server in this process, and opens each demo
 * that streams or animates in Chromium (CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own). For
 * each demo and run: a fresh browser context, a `PerformanceObserver` for `longtask` (buffered) registered
 * by an init script before any of the page's scripts, the page opened, the demo scrolled into view, waited
 * for until live and started as a reader would, then watched for the window. Only the long tasks that start
 * inside the window count (not the page's load). Prints a table of medians and writes
 * docs/_demo-long-tasks.md (or --out): the command, the date, the machine and the figures
 * (scripts/bench-longtasks-report.mts).
 *
 * Ports: --site-port (BENCH_SITE_PORT, 3410) and --demo-port (BENCH_DEMO_SERVER_PORT, 9190), apart from
 * `npm start` (3000, 8787) and the end-to-end tests (3100, 8790).
 *
 * Demos left out, because nothing in them streams or animates while the reader watches: the handshake
 * inspector, frame inspector, echo console, subprotocols and compression (one exchange per action), the
 * REST playground, stateless, link explorer, code-on-demand and cache demos (one request per click),
 * connections per host (one batch of a few seconds per click), FTP and HTTP (one transfer per click), the
 * handshake failures and CORS demos (one attempt per click, read back once), and the HTTP inspector, redirects,
 * cookies, content negotiation and request timing demos (one exchange, or one short series, per click).
 */
import {existsSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import {cpus, loadavg} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {chromium, type Browser, type Locator, type Page} from '@playwright/test';
import {format, resolveConfig} from 'prettier';
import {pause, runToEnd, serveSite, startDemoServerFor, type ServedSite} from './benchSite.mts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';
import {GENERATED_FILES_DIRS} from './siteFolders.mts';
import {
  consoleTable,
  medians,
  resultsMarkdown,
  runFigures,
  type DemoResult,
  type LongTask,
  type RunFigures,
} from './bench-longtasks-report.mts';

const root = fileURLToPath(new URL('..', import.meta.url));
const defaultOut = fileURLToPath(new URL('../docs/_demo-long-tasks.md', import.meta.url));
const {values} = parseArgs({
  options: {
    runs: {type: 'string', default: '3'},
    seconds: {type: 'string', default: '30'},
    build: {type: 'boolean', default: false},
    only: {type: 'string'},
    out: {type: 'string'},
    'site-port': {type: 'string', default: process.env.BENCH_SITE_PORT ?? '3410'},
    'demo-port': {type: 'string', default: process.env.BENCH_DEMO_SERVER_PORT ?? '9190'},
  },
});
const runs = Number(values.runs);
const seconds = Number(values.seconds);
const sitePort = Number(values['site-port']);
const demoPort = Number(values['demo-port']);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
if (!Number.isFinite(seconds) || seconds < 5) throw new Error('--seconds must be a number ≥ 5');
const command = [
  'npm run bench:longtasks',
  ...(values.runs === '3' && values.seconds === '30'
    ? []
    : [
        '--',
        ...(values.runs === '3' ? [] : ['--runs', values.runs]),
        ...(values.seconds === '30' ? [] : ['--seconds', values.seconds]),
      ]),
].join(' ');

const siteUrl = `http://localhost:${sitePort}`;
const demoServerUrl = `http://localhost:${demoPort}`;
const buildDir = `${root}build-bench`;
/** Which demo server the build in build-bench/ was made for; another one means building again. */
const buildMarker = `${buildDir}/.demo-server-url`;
const viewport = {width: 1280, height: 720};
const windowMs = seconds * 1000;

/** What the reader does to a demo once it is live, and keeps doing until `deadline` (ms, Date.now()). */
type Drive = (demo: Locator, page: Page, deadline: number) => Promise<void>;

interface DemoSpec {
  name: string;
  path: string;
  /** The DemoFrame title: the accessible name of the demo's region. */
  frame: string;
  /** Said in the results: what the benchmark does while it watches. */
  drive: string;
  run?: Drive;
}

/** Clicks `name` every `everyMs` until the deadline. */
function clickEvery(name: string, everyMs: number): Drive {
  return async (demo, _page, deadline) => {
    while (Date.now() + everyMs < deadline) {
      await pause(everyMs);
      await demo.getByRole('button', {name, exact: true}).click();
    }
  };
}

const DEMOS: readonly DemoSpec[] = [
  {
    name: 'The polling race',
    path: '/docs/realtime/request-response',
    frame: 'The polling race',
    drive: 'races by itself from page load, four transports, short polling every 1 s.',
  },
  {
    name: 'The polling race, compact',
    path: '/blog/rest-api-vs-websocket',
    frame: 'The polling race',
    drive: "the post's short form: short polling against the WebSocket, racing by itself.",
  },
  {
    name: 'Short polling',
    path: '/docs/realtime/short-polling',
    frame: 'Short polling',
    drive: 'polls by itself every 1 s.',
  },
  {
    name: 'Long polling',
    path: '/docs/realtime/long-polling',
    frame: 'Long polling',
    drive: 'one request always held; the held-for clock and bar move.',
  },
  {
    name: 'Server-Sent Events',
    path: '/docs/realtime/server-sent-events',
    frame: 'Server-Sent Events',
    drive: 'the stream runs by itself; "Drop the stream" pressed once, 10 s in, and the browser reconnects.',
    run: async (demo, _page, deadline) => {
      await pause(Math.min(10_000, deadline - Date.now() - 5_000));
      await demo.getByRole('button', {name: 'Drop the stream'}).click();
    },
  },
  {
    name: 'WebSocket push',
    path: '/docs/realtime/websocket-push',
    frame: 'WebSocket push',
    drive: 'events pushed by the server as they happen.',
  },
  {
    name: 'Full duplex',
    path: '/docs/websocket/full-duplex',
    frame: 'Full duplex',
    drive: 'a stream of 20 messages started, "Send now" pressed 1 s into each, a new stream as each one ends.',
    run: async (demo, _page, deadline) => {
      const start = demo.getByRole('button', {name: /^Start a stream/});
      while (Date.now() + 7_000 < deadline) {
        await start.click();
        await pause(1_000);
        await demo.getByRole('button', {name: 'Send now'}).click();
        await start.waitFor({state: 'visible', timeout: 15_000});
        await demo.locator('button:enabled', {hasText: 'Start a stream'}).waitFor({timeout: 15_000});
      }
    },
  },
  {
    name: 'Ping, pong and close',
    path: '/docs/websocket/ping-pong-and-closing',
    frame: 'Ping, pong and close',
    drive: '"Ask the server to ping" pressed every 3 s.',
    run: clickEvery('Ask the server to ping', 3_000),
  },
  {
    name: 'Two clients, one resource',
    path: '/docs/rest/client-server',
    frame: 'Two clients, one resource',
    drive: 'the page checks the note every 2 s by itself; "Change it from this page" pressed every 10 s.',
    run: clickEvery('Change it from this page', 10_000),
  },
  {
    name: 'Same API, two transports: watch',
    path: '/docs/rest/rest-over-websocket',
    frame: 'Same API, two transports',
    drive:
      '"Start watching" pressed (HTTP polls, the WebSocket is pushed to), then "Change the note over HTTP" every 5 s.',
    run: async (demo, page, deadline) => {
      await demo.getByRole('button', {name: 'Start watching'}).click();
      await clickEvery('Change the note over HTTP', 5_000)(demo, page, deadline);
    },
  },
  {
    name: 'EventSource failures',
    path: '/docs/when-it-breaks/eventsource-failures',
    frame: 'EventSource against a misbehaving server',
    drive:
      'the cases that stream, one after another, each until it ends by itself: "Ends, retry: 500" (reconnects), ' +
      '"Heartbeat events" (a heartbeat a second, then late), "Goes silent".',
    run: async (demo, _page, deadline) => {
      const streaming = ['end-retry', 'heartbeat-event', 'silent'];
      const run = demo.getByTestId('case-run');
      for (let i = 0; Date.now() + 1_000 < deadline; i++) {
        const faultCase = streaming[i % streaming.length] ?? 'silent';
        await demo.locator(`button[data-case="${faultCase}"]`).click();
        await run
          .and(demo.locator(`[data-case="${faultCase}"][data-phase="done"]`))
          .waitFor({
            state: 'attached',
            timeout: Math.max(1, deadline - Date.now()),
          })
          .catch(() => undefined);
      }
    },
  },
  {
    name: 'A proxy in the path',
    path: '/docs/when-it-breaks/proxy-in-the-path',
    frame: 'A proxy in the path',
    drive:
      'four transports through the proxy from page load; "Response buffering" switched on 10 s in and ' +
      '"Idle timeout" 20 s in (each change starts the run again).',
    run: async (demo, _page, deadline) => {
      for (const [fault, atMs] of [
        ['buffering', 10_000],
        ['idleTimeout', 20_000],
      ] as const) {
        // At that time into the window (which began windowMs before the deadline), if the window is that long.
        if (deadline - windowMs + atMs + 1_000 > deadline) break;
        await pause(deadline - windowMs + atMs - Date.now());
        await demo.locator(`input[data-fault="${fault}"]`).check();
      }
    },
  },
  {
    name: 'Liveness faults',
    path: '/docs/when-it-breaks/liveness',
    frame: 'Liveness, faults on a live WebSocket',
    drive:
      'a connection opened and its heartbeats and pings answered for 10 s, then "The server stops answering pings" ' +
      'switched on until the page declares the connection dead; again with a new connection while the window lasts.',
    run: async (demo, _page, deadline) => {
      const status = (value: string) => demo.locator(`[data-testid="liveness-status"][data-status="${value}"]`);
      const until = () => ({state: 'attached' as const, timeout: Math.max(1, deadline - Date.now())});
      while (Date.now() + 12_000 < deadline) {
        await demo.getByRole('button', {name: /^Open a (new )?connection$/}).click();
        await status('open').waitFor(until());
        await pause(10_000);
        await demo.getByRole('radio', {name: 'The server stops answering pings'}).check();
        await demo.getByRole('button', {name: 'Switch it on'}).click();
        await status('closed')
          .waitFor(until())
          .catch(() => undefined);
      }
    },
  },
  {
    name: 'A streamed response',
    path: '/docs/http/streaming-responses',
    frame: 'A streamed response, read two ways',
    drive: '120 tokens streamed to fetch and to EventSource at once, chunks listed, again as each stream ends.',
    run: async (demo, _page, deadline) => {
      await demo.getByLabel(/^Tokens at most/).fill('120');
      while (Date.now() + 1_000 < deadline) {
        await demo.getByTestId('stream-start').click();
        await demo
          .locator('[data-testid="eventsource-text"][data-phase="done"]')
          .waitFor({state: 'attached', timeout: Math.max(1, deadline - Date.now())})
          .catch(() => undefined);
      }
    },
  },
];

/** Registered before any script of the page: every long task from the start, kept on `window`. */
const OBSERVER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({startTime: entry.startTime, duration: entry.duration});
  }).observe({type: 'longtask', buffered: true});
`;

async function ensureBuild(): Promise<void> {
  const builtFor = existsSync(buildMarker) ? (await readFile(buildMarker, 'utf8')).trim() : null;
  if (!values.build && builtFor === demoServerUrl && existsSync(`${buildDir}/index.html`)) return;
  console.error(`Building the site into build-bench/ for the demo server at ${demoServerUrl}…`);
  await runToEnd(`${root}node_modules/.bin/docusaurus`, ['build', '--out-dir', 'build-bench'], root, {
    ...process.env,
    DEMO_SERVER_URL: demoServerUrl,
    // Its own generated files, so that building it leaves a running `npm start` as it was.
    DOCUSAURUS_GENERATED_FILES_DIR_NAME: GENERATED_FILES_DIRS.bench,
  });
  await writeFile(buildMarker, `${demoServerUrl}\n`);
}

function serveBuild(): Promise<ServedSite> {
  return serveSite(
    `${root}node_modules/.bin/docusaurus`,
    ['serve', '--dir', 'build-bench', '--port', String(sitePort), '--host', 'localhost', '--no-open'],
    root,
    siteUrl,
  );
}

/** Whether any part of the demo's region is inside the viewport. */
function inView(demo: Locator): Promise<boolean> {
  return demo.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight && box.height > 0;
  });
}

interface Measured {
  figures: RunFigures;
  inView: boolean;
  /** Long tasks before the window (the page's load): printed, not counted, to show the observer works. */
  beforeWindow: number;
}

async function measure(browser: Browser, spec: DemoSpec): Promise<Measured> {
  const context = await browser.newContext({viewport, reducedMotion: 'no-preference'});
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVER);
    await page.goto(`${siteUrl}${spec.path}`, {waitUntil: 'load'});
    const demo = page.getByRole('region', {name: spec.frame, exact: true});
    await page
      .locator(`section[aria-label="${spec.frame}"][data-demo-status="live"]`)
      .waitFor({state: 'attached', timeout: 30_000});
    // Scrolled to once it is live, when hydration can no longer move the page: the reader is watching it.
    await demo.evaluate((element) => element.scrollIntoView({block: 'start'}));
    await pause(500);
    const windowStart = await page.evaluate(() => performance.now());
    const deadline = Date.now() + windowMs;
    const seenAtStart = await inView(demo);
    await (spec.run?.(demo, page, deadline) ?? Promise.resolve());
    await pause(deadline - Date.now());
    const windowEnd = await page.evaluate(() => performance.now());
    const seenAtEnd = await inView(demo);
    const tasks = await page.evaluate(() => (window as unknown as {__longTasks: LongTask[]}).__longTasks);
    return {
      figures: runFigures(tasks, windowStart, windowEnd - windowStart),
      inView: seenAtStart && seenAtEnd,
      beforeWindow: tasks.filter((longTask) => longTask.startTime < windowStart).length,
    };
  } finally {
    await context.close();
  }
}

const demos = DEMOS.filter(
  (spec) => values.only === undefined || spec.name.toLowerCase().includes(values.only.toLowerCase()),
);
if (demos.length === 0) throw new Error(`no demo's name contains "${values.only}"`);

await ensureBuild();
/** The one-minute load average, read before and after each run: the figures follow it on a shared machine. */
const load = {low: Infinity, high: 0};
const readLoad = () => {
  const now = loadavg()[0] ?? 0;
  load.low = Math.min(load.low, now);
  load.high = Math.max(load.high, now);
};
const demoServer = await startDemoServerFor(demoPort, sitePort);
const site = await serveBuild();
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS]});

const results: DemoResult[] = [];
try {
  for (const spec of demos) {
    const measured: Measured[] = [];
    for (let i = 0; i < runs; i++) {
      readLoad();
      const one = await measure(browser, spec);
      readLoad();
      measured.push(one);
      console.error(
        `${spec.name}, run ${i + 1} of ${runs}: ${one.figures.count} long tasks, ` +
          `${Math.round(one.figures.blockingPer30s)} ms blocking / 30 s, longest ${Math.round(one.figures.longestMs)} ms ` +
          `(and ${one.beforeWindow} while the page loaded, not counted)` +
          (one.inView ? '' : ' (the demo was NOT in view)'),
      );
    }
    const result: DemoResult = {
      name: spec.name,
      path: spec.path,
      drive: spec.drive,
      runs: measured.map((one) => one.figures),
      inView: measured.every((one) => one.inView),
    };
    results.push(result);
    const m = medians(result.runs);
    console.error(`${spec.name}: median ${Math.round(m.blockingPer30s)} ms blocking / 30 s`);
  }
} finally {
  const version = browser.version();
  await browser.close();
  site.stop();
  await demoServer.shutdown();
  // A partial run (--only) prints its table but leaves the docs' file alone unless --out names one.
  const out = values.out ?? (values.only === undefined ? defaultOut : undefined);
  if (results.length === demos.length) {
    console.log(consoleTable(results));
    const markdown = resultsMarkdown({
      date: new Date().toISOString().slice(0, 10),
      seconds,
      runs,
      browserVersion: `Chromium ${version}`,
      cpuCores: cpus().length,
      loadAverage: load,
      viewport,
      command,
      results,
    });
    if (out !== undefined) {
      const formatted = await format(markdown, {...(await resolveConfig(out)), filepath: out});
      await writeFile(out, formatted);
      console.error(`Written to ${out}`);
    }
  }
}
