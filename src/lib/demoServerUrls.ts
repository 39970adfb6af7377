/**
 * URLs of the demo server, derived from the one base URL the site was built
 * with (`DEMO_SERVER_URL`, see docusaurus.config.ts).
 */

/** `http://host/prefix` + `/health` → `http://host/prefix/health`. */
export function httpUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The same address with ws:// or wss://, as the WebSocket constructor wants. */
export function webSocketUrl(baseUrl: string, path: string): string {
  return httpUrl(baseUrl, path).replace(/^http(s?):/, 'ws$1:');
}
