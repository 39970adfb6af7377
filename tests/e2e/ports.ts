/**
 * Ports of the end-to-end run, apart from the ones `npm start` uses (3000,
 * 8787) so the tests can run while a developer's dev server is up.
 * `E2E_SITE_PORT`, `E2E_DEMO_SERVER_PORT` and `E2E_CONTROL_PORT` move them
 * (give `npm run build:e2e` the same `E2E_DEMO_SERVER_PORT`), so two checkouts
 * can run their end-to-end tests side by side.
 *
 * Each Playwright worker has a slot of its own (`TEST_PARALLEL_INDEX`, 0 up to
 * the number of workers less one): its own site server, demo server and
 * control port, so that two workers never share a demo server. The demo server
 * counts and limits per client address, and every browser here has the same
 * one (127.0.0.1): two workers on one server would spend one reader's
 * handshake budget and cost meter between them. Slot 0 has the ports above;
 * slot n, the site port plus n and the demo-server and control ports plus 2n.
 * The build names slot 0's demo server; slot n's site server rewrites that
 * address as it loads the build (scripts/serve-build.mts `--replace`).
 */
export const E2E_BASE_SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 3100);
export const E2E_BASE_DEMO_SERVER_PORT = Number(process.env.E2E_DEMO_SERVER_PORT ?? 8790);
const BASE_CONTROL_PORT = Number(process.env.E2E_CONTROL_PORT ?? 8791);

/** The ports and addresses of one worker's slot. */
export interface E2ESlot {
  sitePort: number;
  demoServerPort: number;
  /** Loopback-only port on which the tests stop and start the slot's demo server. */
  controlPort: number;
  siteUrl: string;
  demoServerUrl: string;
  controlUrl: string;
}

export function e2eSlot(slot: number): E2ESlot {
  const sitePort = E2E_BASE_SITE_PORT + slot;
  const demoServerPort = E2E_BASE_DEMO_SERVER_PORT + 2 * slot;
  const controlPort = BASE_CONTROL_PORT + 2 * slot;
  return {
    sitePort,
    demoServerPort,
    controlPort,
    siteUrl: `http://localhost:${sitePort}`,
    demoServerUrl: `http://localhost:${demoServerPort}`,
    controlUrl: `http://127.0.0.1:${controlPort}`,
  };
}

/** The demo server the build names: slot 0's. */
export const E2E_BUILD_DEMO_SERVER_URL = e2eSlot(0).demoServerUrl;

/** This process's slot: a Playwright worker's own, 0 anywhere else (the runner, scripts). */
export const E2E_SLOT = Number(process.env.TEST_PARALLEL_INDEX ?? 0);
const here = e2eSlot(E2E_SLOT);

export const E2E_SITE_PORT = here.sitePort;
export const E2E_DEMO_SERVER_PORT = here.demoServerPort;
/** Loopback-only port on which the tests stop and start the demo server. */
export const E2E_CONTROL_PORT = here.controlPort;

export const E2E_SITE_URL = here.siteUrl;
export const E2E_DEMO_SERVER_URL = here.demoServerUrl;
export const E2E_CONTROL_URL = here.controlUrl;
