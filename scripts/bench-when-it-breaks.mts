/**
 * Benchmark (not a test): every timing the "When it breaks" articles state, measured in Chromium through the
 * articles' own demos, and written where the articles read them.
 *
 *   npm run bench:when-it-breaks                       (4 runs, and Chromium's closing-handshake timeout once:
 *                                                        about 4 minutes; builds build-e2e/ if missing)
 *   npm run bench:when-it-breaks -- --runs 6
 *   npm run bench:when-it-breaks -- --no-closing-timeout   (skips the one run that waits about 65 s; writes nothing
 *                                                        to docs/ unless --out-dir names a folder)
 *   npm run bench:when-it-breaks -- --build             (build build-e2e/ again first)
 *   npm run bench:when-it-breaks -- --out-dir /tmp/measured
 *
 * Serves build-e2e/ (`npm run build:e2e`, built for the demo server this script starts) with
 * scripts/serve-build.mts, starts the real demo server in this process, and drives Chromium (CHROMIUM_PATH, else
 * /usr/bin/chromium) with the project's CHROMIUM_ARGS. Each run opens a fresh page of each article and does what a
 * reader would: on "Liveness", a connection per fault (the server stops answering, half-open cut after 6 s, TCP torn
 * down, pongs delayed 800 ms), the times read from the demo's own timeline (ms since the page's `open` event); on
 * "What EventSource does when the server misbehaves", the two cases of a stream that ends, the reconnection delays
 * read from the page's timeline. Then, once, a half-open connection the server never cuts (its 90 s maximum), to
 * time how long Chromium waits from `close()` to the `close` event.
 *
 * Writes docs/when-it-breaks/_measured.json (the strings the articles put in their sentences) and, per article,
 * a partial with the table and how it was measured (scripts/bench-when-it-breaks-report.mts).
 *
 * Ports: --site-port (E2E_SITE_PORT, else 3100) and --demo-port (E2E_DEMO_SERVER_PORT, else 8790), the
 * end-to-end tests' own: build-e2e/ names that demo server. Do not run it beside `npm run test:e2e` on the same ports.
 */
import {existsSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {chromium, type Browser, type Locator, type Page} from '@playwright/test';
import {format, resolveConfig} from 'prettier';
import {FAULT_LIMITS} from '../demo-server/src/limits.ts';
import {pause, runToEnd, serveSite, startDemoServerFor, type ServedSite} from './benchSite.mts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';
import {
  consoleTable,
  figures,
  measuredJson,
  partialMarkdown,
  type FigureSpec,
  type Measurement,
} from './bench-when-it-breaks-report.mts';

const root = fileURLToPath(new URL('..', import.meta.url));
const defaultOutDir = fileURLToPath(new URL('../docs/when-it-breaks/', import.meta.url));
const {values} = parseArgs({
  allowNegative: true,
  options: {
    runs: {type: 'string', default: '4'},
    'closing-timeout': {type: 'boolean', default: true},
    build: {type: 'boolean', default: false},
    'out-dir': {type: 'string'},
    'site-port': {type: 'string', default: process.env.E2E_SITE_PORT ?? '3100'},
    'demo-port': {type: 'string', default: process.env.E2E_DEMO_SERVER_PORT ?? '8790'},
    help: {type: 'boolean', default: false},
  },
});
if (values.help) {
  console.log(`npm run bench:when-it-breaks -- [--runs 4] [--no-closing-timeout] [--build] [--out-dir DIR]
  [--site-port N] [--demo-port N]

Measures every timing the "When it breaks" articles state, through their demos in Chromium, --runs times each
(default 4, about 40 s each), then Chromium's closing-handshake timeout once (on by default; it waits for Chromium
to give up, about 60 s, plus the page's 3 s deadline: --no-closing-timeout skips it). Writes
docs/when-it-breaks/_measured.json and the articles' partials, or into --out-dir; a run without the closing timeout
writes only with --out-dir. Ports default to E2E_SITE_PORT and E2E_DEMO_SERVER_PORT (else 3100 and 8790): the
demo server build-e2e/ was built for (--build rebuilds it for --demo-port).`);
  process.exit(0);
}
const runs = Number(values.runs);
const sitePort = Number(values['site-port']);
const demoPort = Number(values['demo-port']);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
const command = ['npm run bench:when-it-breaks', ...(values.runs === '4' ? [] : ['--', '--runs', values.runs])].join(
  ' ',
);

const siteUrl = `http://localhost:${sitePort}`;
const demoServerUrl = `http://localhost:${demoPort}`;
/** The half-open case's cut: past the page's deadline (3 s) plus one heartbeat, as in the end-to-end test. */
const HALF_OPEN_MS = 6_000;
/** The pong delay: under the page's deadline, so the connection stays up. */
const PONG_DELAY_MS = 800;

const LIVENESS: readonly FigureSpec[] = [
  {
    key: 'stopAnsweringNoticed',
    what: 'The server stops answering: from the fault to the page declaring the connection dead',
    unit: 's',
    decimals: 1,
  },
  {
    key: 'halfOpenNoticed',
    what: 'Half-open: from the fault to the page declaring the connection dead',
    unit: 's',
    decimals: 1,
  },
  {key: 'heartbeatNoticed', what: 'Either of the two above (the page’s heartbeat)', unit: 's', decimals: 1},
  {
    key: 'halfOpenCloseAfterCloseCall',
    what: `Half-open, cut at ${HALF_OPEN_MS / 1000} s: from \`close()\` to the \`close\` event`,
    unit: 's',
    decimals: 1,
  },
  {
    key: 'halfOpenCloseAfterFault',
    what: `Half-open, cut at ${HALF_OPEN_MS / 1000} s: from the fault to the \`close\` event`,
    unit: 's',
    decimals: 1,
  },
  {
    key: 'bufferedAmountAtDead',
    what: 'Half-open: `bufferedAmount` when the page declares the connection dead',
    unit: 'bytes',
    decimals: 0,
  },
  {
    key: 'tcpTornDownClose',
    what: 'TCP torn down: from the fault to the `close` event',
    unit: 'ms',
    decimals: 0,
  },
  {
    key: 'delayedRoundTrip',
    what: `Pongs delayed ${PONG_DELAY_MS} ms: a heartbeat's round trip`,
    unit: 'ms',
    decimals: 0,
  },
];
const CLOSING_TIMEOUT: FigureSpec = {
  key: 'closingTimeout',
  what: 'Half-open, never cut: from `close()` to the `close` event (Chromium gives up)',
  unit: 's',
  decimals: 1,
};
const EVENT_SOURCE: readonly FigureSpec[] = [
  {
    key: 'reconnectWithRetry',
    what: 'A stream that ends, with `retry: 500`: from `error` to the next `open`',
    unit: 'ms',
    decimals: 0,
  },
  {
    key: 'reconnectWithoutRetry',
    what: 'A stream that ends, without `retry:`: from `error` to the next `open`',
    unit: 'ms',
    decimals: 0,
  },
];

async function ensureBuild(): Promise<void> {
  if (!values.build && existsSync(`${root}build-e2e/index.html`)) return;
  console.error(`Building the site into build-e2e/ for the demo server at ${demoServerUrl}…`);
  await runToEnd('npm', ['run', 'build:e2e'], root, {...process.env, E2E_DEMO_SERVER_PORT: String(demoPort)});
}

function serveBuild(): Promise<ServedSite> {
  return serveSite(
    process.execPath,
    ['scripts/serve-build.mts', '--dir', 'build-e2e', '--port', String(sitePort), '--host', 'localhost'],
    root,
    siteUrl,
  );
}

/** Opens an article and waits for its demo to be live; says how to fix it if the build names another server. */
async function openDemo(page: Page, path: string, frame: string): Promise<Locator> {
  await page.goto(`${siteUrl}${path}`, {waitUntil: 'load'});
  try {
    await page.locator(`section[aria-label="${frame}"][data-demo-status="live"]`).waitFor({timeout: 30_000});
  } catch {
    throw new Error(
      `"${frame}" on ${path} never went live: was build-e2e/ built for ${demoServerUrl}? (--build rebuilds it)`,
    );
  }
  return page.getByRole('region', {name: frame, exact: true});
}

// ---- Liveness -------------------------------------------------------------------------------------------------

/** Timeline entries of one kind, as their `data-at` (ms since the page's `open` event) and text. */
async function entries(demo: Locator, kind: string): Promise<{at: number; text: string}[]> {
  return demo
    .locator(`[data-testid="liveness-entry"][data-kind="${kind}"]`)
    .evaluateAll((items) =>
      items.map((item) => ({at: Number(item.getAttribute('data-at')), text: (item as HTMLElement).innerText})),
    );
}

async function firstAt(demo: Locator, kind: string): Promise<number> {
  const [entry] = await entries(demo, kind);
  if (entry === undefined) throw new Error(`the liveness timeline has no ${kind} entry`);
  return entry.at;
}

async function openConnection(demo: Locator): Promise<void> {
  await demo.getByRole('button', {name: /Open a (new )?connection/}).click();
  await demo.locator('[data-testid="liveness-status"][data-status="open"]').waitFor({timeout: 10_000});
}

async function switchOn(demo: Locator, label: string, field?: {name: string; value: string}): Promise<void> {
  await demo.getByRole('radio', {name: label}).check();
  if (field !== undefined) await demo.getByRole('spinbutton', {name: field.name}).fill(field.value);
  await demo.getByRole('button', {name: 'Switch it on'}).click();
}

async function closed(demo: Locator, timeout = 15_000): Promise<void> {
  await demo.locator('[data-testid="liveness-status"][data-status="closed"]').waitFor({timeout});
}

const LIVENESS_PAGE = '/docs/when-it-breaks/liveness';
const LIVENESS_FRAME = 'Liveness, faults on a live WebSocket';

async function measureLiveness(browser: Browser, samples: Record<string, number[]>): Promise<void> {
  const add = (key: string, value: number) => (samples[key] ??= []).push(value);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const demo = await openDemo(page, LIVENESS_PAGE, LIVENESS_FRAME);

    await openConnection(demo);
    // One answered heartbeat first, so the fault hits a connection that works.
    await demo.locator('[data-kind="heartbeats"]').first().waitFor({timeout: 5_000});
    await switchOn(demo, 'The server stops answering pings');
    await closed(demo);
    const stopAnswering = (await firstAt(demo, 'declared-dead')) - (await firstAt(demo, 'fault'));
    add('stopAnsweringNoticed', stopAnswering);
    add('heartbeatNoticed', stopAnswering);

    await openConnection(demo);
    await demo.locator('[data-kind="heartbeats"]').first().waitFor({timeout: 5_000});
    await switchOn(demo, 'Half-open', {name: 'Cut after (ms)', value: String(HALF_OPEN_MS)});
    await closed(demo);
    const faultAt = await firstAt(demo, 'fault');
    const halfOpen = (await firstAt(demo, 'declared-dead')) - faultAt;
    add('halfOpenNoticed', halfOpen);
    add('heartbeatNoticed', halfOpen);
    add('halfOpenCloseAfterCloseCall', (await firstAt(demo, 'close')) - (await firstAt(demo, 'close-called')));
    add('halfOpenCloseAfterFault', (await firstAt(demo, 'close')) - faultAt);
    const [dead] = await entries(demo, 'declared-dead');
    const buffered = /bufferedAmount (\d+)/.exec(dead?.text ?? '')?.[1];
    if (buffered === undefined) throw new Error(`no bufferedAmount in "${dead?.text ?? ''}"`);
    add('bufferedAmountAtDead', Number(buffered));

    await openConnection(demo);
    await switchOn(demo, 'TCP torn down, no close frame');
    await closed(demo);
    add('tcpTornDownClose', (await firstAt(demo, 'close')) - (await firstAt(demo, 'fault')));

    await openConnection(demo);
    await switchOn(demo, 'Pongs are delayed', {name: 'Delay (ms)', value: String(PONG_DELAY_MS)});
    const delayedFrom = Date.now();
    // Three heartbeats' worth of delayed answers; the run of answered heartbeats after the fault says their round trips.
    await pause(PONG_DELAY_MS + 3_000);
    const fault = await firstAt(demo, 'fault');
    const after = (await entries(demo, 'heartbeats')).filter((entry) => entry.at > fault);
    const last = after.at(-1)?.text ?? '';
    const trips = /round trip ([\d.]+)(?:[^\d]+([\d.]+))? ms/.exec(last);
    if (trips?.[1] === undefined) throw new Error(`no round trip in "${last}" (${Date.now() - delayedFrom} ms in)`);
    add('delayedRoundTrip', Number(trips[1]));
    if (trips[2] !== undefined) add('delayedRoundTrip', Number(trips[2]));
    await demo.getByRole('button', {name: 'Close from the page'}).click();
    await closed(demo);
  } finally {
    await context.close();
  }
}

/** Chromium's wait for a close frame that never comes: half-open at the server's maximum, never cut in time. */
async function measureClosingTimeout(browser: Browser): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const demo = await openDemo(page, LIVENESS_PAGE, LIVENESS_FRAME);
    await openConnection(demo);
    await switchOn(demo, 'Half-open', {name: 'Cut after (ms)', value: String(FAULT_LIMITS.maxHalfOpenMs)});
    await closed(demo, FAULT_LIMITS.maxHalfOpenMs + 10_000);
    const [close] = await entries(demo, 'close');
    if (!/code 1006/.test(close?.text ?? '')) throw new Error(`expected a 1006 close, got "${close?.text ?? ''}"`);
    const afterCall = (await firstAt(demo, 'close')) - (await firstAt(demo, 'close-called'));
    const afterFault = (await firstAt(demo, 'close')) - (await firstAt(demo, 'fault'));
    if (afterFault >= FAULT_LIMITS.maxHalfOpenMs - 1_000) {
      throw new Error(`the close event came when the server cut TCP (${afterFault} ms), not when Chromium gave up`);
    }
    return afterCall;
  } finally {
    await context.close();
  }
}

// ---- EventSource ----------------------------------------------------------------------------------------------

const EVENT_SOURCE_PAGE = '/docs/when-it-breaks/eventsource-failures';
const EVENT_SOURCE_FRAME = 'EventSource against a misbehaving server';

async function reconnectDelays(demo: Locator, faultCase: string): Promise<number[]> {
  await demo.locator(`button[data-case="${faultCase}"]`).click();
  await demo.locator(`[data-testid="case-run"][data-case="${faultCase}"][data-phase="done"]`).waitFor({
    timeout: 25_000,
  });
  const delays = (await demo.getByTestId('page-view').getAttribute('data-reconnect-delays')) ?? '';
  if (delays === '') throw new Error(`the ${faultCase} case showed no reconnection`);
  return delays.split(',').map(Number);
}

async function measureEventSource(browser: Browser, samples: Record<string, number[]>): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const demo = await openDemo(page, EVENT_SOURCE_PAGE, EVENT_SOURCE_FRAME);
    const add = (key: string, delays: readonly number[]) => (samples[key] ??= []).push(...delays);
    add('reconnectWithRetry', await reconnectDelays(demo, 'end-retry'));
    add('reconnectWithoutRetry', await reconnectDelays(demo, 'end'));
  } finally {
    await context.close();
  }
}

// ---- The run --------------------------------------------------------------------------------------------------

await ensureBuild();
const demoServer = await startDemoServerFor(demoPort, sitePort);
const site = await serveBuild();
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS]});
const browserVersion = `Chromium ${browser.version()}`;
const liveness: Record<string, number[]> = {};
const eventSource: Record<string, number[]> = {};
try {
  for (let i = 1; i <= runs; i++) {
    await measureLiveness(browser, liveness);
    await measureEventSource(browser, eventSource);
    console.error(
      `run ${i} of ${runs}: ${[...Object.entries(liveness), ...Object.entries(eventSource)]
        .map(([key, list]) => `${key} ${Math.round(list.at(-1) ?? NaN)}`)
        .join(', ')}`,
    );
  }
  if (values['closing-timeout']) {
    console.error(`Chromium's closing-handshake timeout: waiting for it (about a minute)…`);
    liveness.closingTimeout = [await measureClosingTimeout(browser)];
    console.error(`closing timeout: ${liveness.closingTimeout[0]} ms`);
  }
} finally {
  await browser.close();
  site.stop();
  await demoServer.shutdown();
}

const measurement: Measurement = {
  date: new Date().toISOString().slice(0, 10),
  command,
  browserVersion,
  cpuCores: cpus().length,
  runs,
  settings: {halfOpenCut: `${HALF_OPEN_MS / 1000} s`, pongDelay: `${PONG_DELAY_MS} ms`},
  liveness: figures(values['closing-timeout'] ? [...LIVENESS, CLOSING_TIMEOUT] : LIVENESS, liveness),
  eventSource: figures(EVENT_SOURCE, eventSource),
};
console.log(consoleTable(measurement.liveness));
console.log();
console.log(consoleTable(measurement.eventSource));

const outDir = values['out-dir'] ?? (values['closing-timeout'] ? defaultOutDir : undefined);
if (outDir !== undefined) {
  await mkdir(outDir, {recursive: true});
  const write = async (name: string, text: string) => {
    const path = `${outDir.replace(/\/$/, '')}/${name}`;
    await writeFile(path, await format(text, {...(await resolveConfig(path)), filepath: path}));
    console.error(`Written to ${path}`);
  };
  await write('_measured.json', measuredJson(measurement));
  await write(
    '_measured-liveness.md',
    partialMarkdown(
      measurement,
      measurement.liveness,
      'this page',
      'closingTimeout' in measurement.liveness
        ? "Chromium's closing-handshake timeout was measured once, on a connection of its own after the runs."
        : '',
    ),
  );
  await write('_measured-eventsource.md', partialMarkdown(measurement, measurement.eventSource, 'this page'));
}
