/**
 * Records each demo's session against the real demo server and commits what the page recorded:
 * `static/recordings/<Demo>.json`, the recording a demo offers when its server cannot be reached.
 *
 *   npm run record                          every demo (builds the e2e site first: `npm run build:e2e`)
 *   npm run record -- EchoConsole Subprotocols
 *   npm run record -- --skip-build          the build-e2e/ folder as it is
 *   npm run record -- --site-port 3190 --demo-port 8890
 *
 * Each session (tests/e2e/recordings/sessions/) is what a reader does with the demo; the page records it as it
 * would for a share link (src/lib/recording/), and this script adds the server's version and writes it out, one
 * JSON object per file. `tests/e2e/recordings.spec.ts` fails when a committed recording no longer matches what the
 * current server sends: run this again then, and commit the result.
 */
import {existsSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {chromium} from '@playwright/test';
import {DEFAULT_DEMO_SERVER_PORT} from '../demo-server/src/contract/deployment.ts';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';
import {runToEnd, serveSite, startDemoServerFor} from './benchSite.mts';
import {DEFAULT_SITE_PORT} from './start.mts';
import {demoRegion, pageRecording} from '../tests/e2e/recordings/session.ts';
import {SESSIONS} from '../tests/e2e/recordings/sessions/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('../static/recordings/', import.meta.url));
const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    'site-port': {type: 'string', default: '3190'},
    'demo-port': {type: 'string', default: '8890'},
    'skip-build': {type: 'boolean', default: false},
  },
});
const sitePort = Number(values['site-port']);
const demoPort = Number(values['demo-port']);
/** The demo server the e2e build names (tests/e2e/ports.ts); the site server rewrites it to this script's. */
const BUILD_DEMO_SERVER = `http://localhost:${process.env.E2E_DEMO_SERVER_PORT ?? '8790'}`;

/**
 * The recording with this script's ports written as the ones `npm start` uses (3000 for the site, 8787 for the demo
 * server): a replay then shows the addresses a reader running Over the Wire would see (a Host header, an Origin, a
 * curl command), not a port that only existed while recording. Both are four digits, so every byte count and length
 * in the recording still holds.
 */
function asDefaultPorts(json: string): string {
  const swap = (text: string, from: number, to: number) =>
    String(from).length === String(to).length
      ? text.replace(new RegExp(`(localhost|127\\.0\\.0\\.1)(:|%3A)${from}(?!\\d)`, 'gi'), `$1$2${to}`)
      : text;
  return swap(swap(json, demoPort, DEFAULT_DEMO_SERVER_PORT), sitePort, DEFAULT_SITE_PORT);
}

const unknown = positionals.filter((name) => !SESSIONS.some((session) => session.demo === name));
if (unknown.length > 0) {
  throw new Error(`No session for ${unknown.join(', ')}; sessions: ${SESSIONS.map((s) => s.demo).join(', ')}`);
}
const sessions = positionals.length === 0 ? SESSIONS : SESSIONS.filter((s) => positionals.includes(s.demo));

if (!values['skip-build'] || !existsSync(`${root}build-e2e/index.html`)) {
  await runToEnd('npm', ['run', 'build:e2e'], root, process.env);
}

const server = await startDemoServerFor(demoPort, sitePort);
const site = await serveSite(
  'node',
  [
    'scripts/serve-build.mts',
    '--dir',
    'build-e2e',
    '--port',
    String(sitePort),
    '--host',
    'localhost',
    '--replace',
    `${BUILD_DEMO_SERVER}=http://localhost:${demoPort}`,
  ],
  root,
  `http://localhost:${sitePort}/`,
);
const health = (await (await fetch(`http://127.0.0.1:${demoPort}${ENDPOINTS.health}`)).json()) as {version: string};
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS]});
let failed = 0;
try {
  await mkdir(outDir, {recursive: true});
  for (const session of sessions) {
    // A fresh context per demo: no cookie, cache or connection of another session in the way.
    const context = await browser.newContext({viewport: {width: 1280, height: 900}});
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(`http://localhost:${sitePort}${session.page}`);
      // The demo replaces its loading placeholder (same name) once its code has loaded: wait for it to be live.
      await page.locator(`section[aria-label="${session.title}"][data-demo-status="live"]`).first().waitFor();
      const demo = demoRegion(page, session);
      await demo.scrollIntoViewIfNeeded();
      await session.run(demo, page);
      const recording = await pageRecording(page, session.demo);
      if (errors.length > 0) throw new Error(`the page threw: ${errors.join('; ')}`);
      const committed = JSON.parse(
        asDefaultPorts(
          JSON.stringify({
            ...recording,
            source: 'committed' as const,
            // The address the demo server had while recording means nothing to a reader: say which server it was.
            server: {version: health.version, url: 'the demo server (npm run record)'},
          }),
        ),
      ) as typeof recording;
      const file = `${outDir}${session.demo}.json`;
      await writeFile(file, `${JSON.stringify(committed)}\n`);
      const bytes = Buffer.byteLength(JSON.stringify(committed));
      console.log(
        `${session.demo}: ${(committed.duration / 1000).toFixed(1)} s, ${committed.steps.length} changes, ` +
          `${committed.wire.length} exchanges, ${bytes.toLocaleString('en-US')} bytes → ${file.slice(root.length)}`,
      );
    } catch (error) {
      failed++;
      console.error(`${session.demo}: not recorded: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  site.stop();
  await server.shutdown();
}
if (failed > 0) {
  console.error(`${failed} of ${sessions.length} sessions failed`);
  process.exitCode = 1;
}
