/**
 * Whether the demo server is up, for demos that only send it plain HTTP
 * requests (the REST demos): one `GET /health`, and a connection status for
 * `DemoFrame` — offline with the reason and a retry with backoff while the
 * server cannot be reached or refuses this page, live once it answers.
 * Demos that follow the event stream need a session id and the clock offset
 * as well, and use `useRealtimeSession` instead.
 */
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {HealthReport} from '../../demo-server/src/contract/health.ts';
import type {DemoSocketState} from './demoSocket.ts';
import {httpUrl} from './demoServerUrls.ts';
import {readJson} from './readJson.ts';
import {useServerCheck} from './useServerCheck.ts';

/** How long the check waits for an answer before it counts as none (as long as `probeHealth` waits). */
export const HEALTH_TIMEOUT_MS = 5_000;

export interface ServerStatus {
  serverUrl: string;
  /** For DemoFrame: 'live' once `/health` answered this page. */
  connection: {state: DemoSocketState; serverUrl: string; reconnect: () => void};
}

/**
 * Asks `GET /health` as this page (a CORS request, so a server that refuses the page's origin fails it too).
 * Resolves when the server answered 200 with `status: "ok"`; rejects when it answered anything else, when
 * nothing answered within HEALTH_TIMEOUT_MS, or when `signal` aborts.
 */
export async function checkHealth(serverUrl: string, signal: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort, {once: true});
  const timer = setTimeout(abort, HEALTH_TIMEOUT_MS);
  try {
    const response = await fetch(httpUrl(serverUrl, ENDPOINTS.health), {cache: 'no-store', signal: controller.signal});
    const body = response.ok ? await readJson(response, HealthReport) : null;
    if (body === null) throw new Error(`${ENDPOINTS.health} answered ${response.status}`);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}

/** The demo server's health, checked on mount and retried with backoff while it fails (see useServerCheck). */
export function useServerStatus(): ServerStatus {
  const {serverUrl, connection} = useServerCheck(checkHealth);
  return {serverUrl, connection};
}
