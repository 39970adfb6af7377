/** Where the site and the demo server run by default. */

/** Port the demo server listens on unless `PORT` says otherwise. */
export const DEFAULT_DEMO_SERVER_PORT = 8787;

/**
 * Where the production site is published. The demo server allows this origin
 * by default, and the site uses it as its canonical URL unless `SITE_URL`
 * overrides it at build time.
 */
export const PRODUCTION_SITE_URL = 'https://over-the-wire.dev';
