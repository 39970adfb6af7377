import {defineConfig, devices} from '@playwright/test';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './scripts/chromium.mts';
import {
  E2E_CONTROL_PORT,
  E2E_DEMO_SERVER_PORT,
  E2E_DEMO_SERVER_URL,
  E2E_SITE_PORT,
  E2E_SITE_URL,
} from './tests/e2e/ports.ts';

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
/** The specs that stop the demo server every other spec uses. */
const STOPS_DEMO_SERVER = /(offline|serverSentEventsRestart)\.spec\.ts$/;

export default defineConfig({
  testDir: './tests/e2e',
  outputDir: './test-results',
  fullyParallel: false,
  // E2E_WORKERS browsers at once (default 1). A spec file runs in one worker, except where it says its tests run in
  // parallel (accessibility.spec.ts: a test per page). The specs that stop the shared demo server are in the
  // 'offline' project, which runs after all the others, one test at a time.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: {timeout: 10_000},
  reporter: [['list'], ['json', {outputFile: '.test-results/playwright.json'}]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: E2E_SITE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    },
  },
  projects: [
    {name: 'site', testIgnore: STOPS_DEMO_SERVER},
    // Runs after everything else, one test at a time: these stop and restart the demo server.
    {name: 'offline', testMatch: STOPS_DEMO_SERVER, dependencies: ['site'], workers: 1},
  ],
  webServer: [
    {
      command: `node scripts/serve-build.mts --dir build-e2e --port ${E2E_SITE_PORT} --host localhost`,
      url: E2E_SITE_URL,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node tests/e2e/demoServerHarness.mts',
      env: {
        E2E_DEMO_SERVER_PORT: String(E2E_DEMO_SERVER_PORT),
        E2E_CONTROL_PORT: String(E2E_CONTROL_PORT),
        E2E_SITE_ORIGINS: `${E2E_SITE_URL},http://127.0.0.1:${E2E_SITE_PORT}`,
      },
      url: `${E2E_DEMO_SERVER_URL}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
