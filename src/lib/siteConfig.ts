/**
 * Build-time settings of the site, read from the environment by
 * docusaurus.config.ts (Node) and validated here so a bad value stops the
 * build with a clear message instead of shipping demos that cannot connect.
 */
import {DEFAULT_DEMO_SERVER_PORT} from '../../demo-server/src/contract/deployment.ts';

export const DEFAULT_DEMO_SERVER_URL = `http://localhost:${DEFAULT_DEMO_SERVER_PORT}`;

/**
 * The address demos are given when the site is built without a demo server (`DEMO_SERVER_URL=none`): a name in
 * `.invalid`, which RFC 6761 §6.4 reserves so that it never resolves, so every attempt fails at once and each demo
 * offers its recording. The offline notice recognises it and says the site has no demo server, not that it is down.
 */
export const NO_DEMO_SERVER_URL = 'http://demo-server.invalid';

/**
 * Normalises `DEMO_SERVER_URL`: an absolute http(s) URL naming a host (and
 * optionally a path prefix when the server sits behind a reverse proxy), or
 * `none` for a site without a demo server (NO_DEMO_SERVER_URL).
 * Returns it without a trailing slash. Throws an Error naming the variable.
 */
export function parseDemoServerUrl(raw: string | undefined): string {
  const value = raw?.trim() || DEFAULT_DEMO_SERVER_URL;
  if (value === 'none') return NO_DEMO_SERVER_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`DEMO_SERVER_URL must be an absolute URL such as ${DEFAULT_DEMO_SERVER_URL}, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `DEMO_SERVER_URL must start with http:// or https:// (WebSocket URLs are derived from it), got "${value}"`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`DEMO_SERVER_URL must not carry a query, fragment or credentials, got "${value}"`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
