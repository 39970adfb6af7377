/**
 * Ports of the end-to-end run, apart from the ones `npm start` uses (3000,
 * 8787) so the tests can run while a developer's dev server is up.
 * `E2E_SITE_PORT`, `E2E_DEMO_SERVER_PORT` and `E2E_CONTROL_PORT` move them
 * (give `npm run build:e2e` the same `E2E_DEMO_SERVER_PORT`), so two checkouts
 * can run their end-to-end tests side by side.
 */
export const E2E_SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 3100);
export const E2E_DEMO_SERVER_PORT = Number(process.env.E2E_DEMO_SERVER_PORT ?? 8790);
/** Loopback-only port on which the tests stop and start the demo server. */
export const E2E_CONTROL_PORT = Number(process.env.E2E_CONTROL_PORT ?? 8791);

export const E2E_SITE_URL = `http://localhost:${E2E_SITE_PORT}`;
export const E2E_DEMO_SERVER_URL = `http://localhost:${E2E_DEMO_SERVER_PORT}`;
export const E2E_CONTROL_URL = `http://127.0.0.1:${E2E_CONTROL_PORT}`;
