/** Starts the real demo server on an ephemeral loopback port for a test file. */
import {WEBSOCKET_ENDPOINTS, type WebSocketEndpoint} from '../../../demo-server/src/contract/endpoints.ts';
import {loadConfig, type Config} from '../../../demo-server/src/config.ts';
import type {Limits} from '../../../demo-server/src/limits.ts';
import {silentLogger} from '../../../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../../../demo-server/src/server.ts';

export const SITE_ORIGIN = 'http://localhost:3000';

export function testConfig(limits: Partial<Limits> = {}): Config {
  const config = loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: SITE_ORIGIN});
  return {...config, limits: {...config.limits, ...limits}};
}

export function startTestServer(limits: Partial<Limits> = {}): Promise<DemoServer> {
  return startServer(testConfig(limits), {logger: silentLogger});
}

/**
 * What /health reports for each WebSocket endpoint: a count for every path of
 * the contract's endpoint list, zero unless given here.
 */
export function countsByEndpoint(
  open: Partial<Record<WebSocketEndpoint, number>> = {},
): Record<WebSocketEndpoint, number> {
  return Object.fromEntries(WEBSOCKET_ENDPOINTS.map((path) => [path, open[path] ?? 0])) as Record<
    WebSocketEndpoint,
    number
  >;
}
