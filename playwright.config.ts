import {availableParallelism} from 'node:os';
import {defineConfig, devices} from '@playwright/test';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './scripts/chromium.mts';
import {e2eSlot, E2E_BUILD_DEMO_SERVER_URL, E2E_SITE_URL} from './tests/e2e/ports.ts';

/**
 * End-to-end tests: real Chromium against the production build and the real
 * demo server. `npm run build:e2e` makes the build first, pointed at the e2e
 * demo server's port. The build is served by scripts/serve-build.mts, which
 * compresses and sets cache headers as a real host does (`docusaurus serve`
 * does neither), so the tests, and the Lighthouse gate's byte budgets, see
 * what a reader's browser gets.
 *
 * Browser: CHROMIUM_PATH if set; else Debian's /usr/bin/chromium when present;
 * else Playwright's own Chromium (`npx playwright install chromium`).
 */
/**
 * Browsers at once: E2E_WORKERS, else one a core up to two. Each worker has its own site server and demo server
 * (a slot, tests/e2e/ports.ts), because every browser here has the same client address and the demo server's
 * budgets and meters are per address. Most of a test's time is spent waiting on the network and on timers, not
 * on the CPU, so two workers finish in little more than half the time of one, even on two cores.
 */
const WORKERS = Number(process.env.E2E_WORKERS ?? Math.min(2, availableParallelism()));

/** A site server and a demo server for each worker's slot. */
const slotServers = Array.from({length: WORKERS}, (_, slot) => {
  const {sitePort, siteUrl, demoServerPort, demoServerUrl, controlPort} = e2eSlot(slot);
  // The build names slot 0's demo server; the other slots' site servers point it at their own.
  const replace =
    demoServerUrl === E2E_BUILD_DEMO_SERVER_URL ? '' : ` --replace ${E2E_BUILD_DEMO_SERVER_URL}=${demoServerUrl}`;
  return [
    {
      command: `node scripts/serve-build.mts --dir build-e2e --port ${sitePort} --host localhost${replace}`,
      url: siteUrl,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node tests/e2e/demoServerHarness.mts',
      env: {
        E2E_DEMO_SERVER_PORT: String(demoServerPort),
        E2E_CONTROL_PORT: String(controlPort),
        E2E_SITE_ORIGINS: `${siteUrl},http://127.0.0.1:${sitePort}`,
      },
      url: `${demoServerUrl}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ];
}).flat();

export default defineConfig({
  testDir: './tests/e2e',
  outputDir: './test-results',
  fullyParallel: false,
  // A spec file runs in one worker, except where it says its tests run in parallel (the accessibility specs: a test
  // per few pages). A spec that stops the demo server (offline, accessibility.offline, serverSentEventsRestart) stops
  // its own worker's, and starts it again when it is done, so it runs beside the others like any spec.
  workers: WORKERS,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: {timeout: 10_000},
  reporter: [['list'], ['json', {outputFile: '.test-results/playwright.json'}]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: E2E_SITE_URL,
    // A trace of each failure, with the DOM snapshots of every step but not the screencast: the run is CPU-bound on
    // two cores, and the screencast (a JPEG a frame, encoded in the browser) costs CPU all the time a page is open.
    // The whole e2e run here: 1,332 CPU-seconds and 12.4 min with the screencast, 1,044 and 10.6 min without (one run
    // each). Three real-time specs, `node scripts/cpu-by-process.mts -- npx playwright test
    // tests/e2e/realtimeDemos.spec.ts tests/e2e/pollingRace.spec.ts tests/e2e/livenessFaults.spec.ts`: 64.6 and 62.4
    // CPU-seconds with it, 56.0, 53.6 and 49.9 without, 40.4 with no trace at all.
    trace: {mode: 'retain-on-failure', screenshots: false},
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    },
  },
  projects: [{name: 'site'}],
  webServer: slotServers,
});
