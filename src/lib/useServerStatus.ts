/**
 * Whether the demo server is up, for demos that only send it plain HTTP
 * requests (the REST demos): one `GET /health`, and a connection status for
 * `DemoFrame` — offline with the reason and a retry with backoff while the
 * server cannot be reached or refuses this page, live once it answers.
 * Demos that follow the event stream need a session id and the clock offset
 * as well, and use `useRealtimeSession` instead.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '@site/demo-server/src/contract/endpoints';
import type {HealthReport} from '@site/demo-server/src/contract/health';
import {backoffDelay} from './backoff.ts';
import {INITIAL_STATE, probeHealth, type DemoSocketState} from './demoSocket.ts';
import {httpUrl} from './demoServerUrls.ts';
import {useDemoServerUrl} from './useDemoServerUrl.ts';

/** How long the check waits for an answer before it counts as none (as long as `probeHealth` waits). */
export const HEALTH_TIMEOUT_MS = 5_000;

export interface ServerStatus {
  serverUrl: string;
  /** For DemoFrame: 'live' once `/health` answered this page. */
  connection: {state: DemoSocketState; serverUrl: string; reconnect: () => void};
}

function isHealthy(body: unknown): body is Pick<HealthReport, 'status'> {
  return typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok';
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
    const body: unknown = await response.json();
    if (!response.ok || !isHealthy(body)) throw new Error(`${ENDPOINTS.health} answered ${response.status}`);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}

/**
 * Checks the demo server's health on mount, and after a failure again with
 * exponential backoff and jitter (at once when the tab comes back or the
 * network returns, or when the reader asks). Once live it stays live: the
 * demo's own requests say so if the server goes away later.
 */
export function useServerStatus(): ServerStatus {
  const serverUrl = useDemoServerUrl();
  const [state, setState] = useState<DemoSocketState>(INITIAL_STATE);
  const [attempt, setAttempt] = useState(0);
  const failures = useRef(0);
  const status = useRef(state.status);
  useEffect(() => {
    status.current = state.status;
  });

  /** Starts a new check now: the effect below runs it. */
  const reconnect = useCallback(() => {
    status.current = 'connecting';
    setState((previous) => ({...previous, status: 'connecting', offlineReason: null, nextRetryAt: null}));
    setAttempt((n) => n + 1);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const aborted = () => controller.signal.aborted;
    void (async () => {
      try {
        await checkHealth(serverUrl, controller.signal);
        if (aborted()) return;
        failures.current = 0;
        setState((previous) => ({
          ...previous,
          status: 'live',
          offlineReason: null,
          nextRetryAt: null,
          failures: 0,
          opens: previous.opens + 1,
        }));
      } catch {
        if (aborted()) return;
        // A failed CORS request does not say why: a no-cors probe tells a server that refused this page from none.
        const answered = await probeHealth(httpUrl(serverUrl, ENDPOINTS.health));
        if (aborted()) return;
        const wait = backoffDelay(failures.current);
        failures.current += 1;
        setState((previous) => ({
          ...previous,
          status: 'offline',
          offlineReason: answered ? 'refused' : 'unreachable',
          nextRetryAt: Date.now() + wait,
          failures: failures.current,
        }));
        timer = setTimeout(reconnect, wait);
      }
    })();
    const retrySoon = () => {
      if (document.visibilityState === 'visible' && status.current === 'offline') reconnect();
    };
    window.addEventListener('online', retrySoon);
    document.addEventListener('visibilitychange', retrySoon);
    return () => {
      controller.abort();
      clearTimeout(timer);
      window.removeEventListener('online', retrySoon);
      document.removeEventListener('visibilitychange', retrySoon);
    };
  }, [serverUrl, attempt, reconnect]);

  return {serverUrl, connection: {state, serverUrl, reconnect}};
}
