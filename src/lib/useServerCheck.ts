/**
 * The connection loop every demo that talks plain HTTP shares: run a check
 * against the demo server on mount; live when it succeeds, otherwise offline
 * with the reason (the server refused this page, or nothing answered) and a
 * retry with exponential backoff and jitter, at once when the tab comes back,
 * the network returns or the reader asks. Once live it stays live: the demo's
 * own requests say so if the server goes away later (`reconnect`).
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {backoffDelay} from './backoff.ts';
import {INITIAL_STATE, probeHealth, type DemoSocketState} from './demoSocket.ts';
import {httpUrl} from './demoServerUrls.ts';
import {useDemoServerUrl} from './useDemoServerUrl.ts';

export interface ServerCheck<T> {
  serverUrl: string;
  /** What the last successful check gave; null before the first. */
  result: T | null;
  /** For DemoFrame. */
  connection: {state: DemoSocketState; serverUrl: string; reconnect: () => void};
  /** True while the last check succeeded. */
  isLive: () => boolean;
}

/** Runs `check` (given the server's URL and a signal that aborts when it is no longer wanted) as described above. */
export function useServerCheck<T>(check: (serverUrl: string, signal: AbortSignal) => Promise<T>): ServerCheck<T> {
  const serverUrl = useDemoServerUrl();
  const [state, setState] = useState<DemoSocketState>(INITIAL_STATE);
  const [result, setResult] = useState<T | null>(null);
  const [attempt, setAttempt] = useState(0);
  const failures = useRef(0);
  const status = useRef(state.status);
  useEffect(() => {
    status.current = state.status;
  });
  // The latest check, without making every render a new attempt.
  const latestCheck = useRef(check);
  useEffect(() => {
    latestCheck.current = check;
  });

  /** Starts a new attempt now: the effect below runs it. */
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
        const value = await latestCheck.current(serverUrl, controller.signal);
        if (aborted()) return;
        failures.current = 0;
        setResult(() => value);
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

  const isLive = useCallback(() => status.current === 'live', []);
  return {serverUrl, result, connection: {state, serverUrl, reconnect}, isLive};
}
