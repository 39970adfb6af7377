/**
 * What every real-time demo needs before its transports start: a reader
 * session id (so the server counts this page's costs apart from everyone
 * else's), the clock offset to the server (so delays are measured on one
 * clock), the id to start from, and a connection status for `DemoFrame` —
 * offline with the reason and a retry with backoff when the server cannot be
 * reached, live once it answers.
 */
import {useCallback, useEffect, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {CostReport, PollResponse} from '../../../demo-server/src/contract/events.ts';
import type {DemoSocketState} from '../demoSocket.ts';
import {httpUrl} from '../demoServerUrls.ts';
import {readJson} from '../readJson.ts';
import {useServerCheck} from '../useServerCheck.ts';
import {measureClockOffset, type ClockEstimate} from './clock.ts';
import {newSessionId, withQuery} from './session.ts';

export interface RealtimeSession {
  session: string;
  serverUrl: string;
  /** Set once the server answered; null while connecting or offline. */
  clock: ClockEstimate | null;
  /** The newest event id when the session went live: where every transport starts. */
  startId: number | null;
  /** For DemoFrame: 'live' once the clock is measured. */
  connection: {state: DemoSocketState; serverUrl: string; reconnect: () => void};
  /** A transport could not reach the server: go offline, probe and retry. */
  reportUnreachable: () => void;
  /** Measures the clock offset again (the reader asks, or after a reset). */
  resync: () => void;
}

async function latestId(serverUrl: string, signal: AbortSignal): Promise<number> {
  // No session here: where to start is not a cost of any transport.
  const response = await fetch(httpUrl(serverUrl, ENDPOINTS.eventsPoll), {cache: 'no-store', signal});
  const body = response.ok ? await readJson(response, PollResponse) : null;
  if (body === null) throw new Error(`poll answered ${response.status}`);
  return body.latestId;
}

/** Where every transport starts, and the clock offset, measured once the server answers. */
async function startSession(serverUrl: string, signal: AbortSignal): Promise<{clock: ClockEstimate; startId: number}> {
  const clock = await measureClockOffset(serverUrl, {signal});
  return {clock, startId: await latestId(serverUrl, signal)};
}

export function useRealtimeSession(): RealtimeSession {
  const [session] = useState(() => (typeof window === 'undefined' ? 'server-render' : newSessionId()));
  const {serverUrl, result, connection, isLive} = useServerCheck(startSession);
  const {reconnect} = connection;

  const reportUnreachable = useCallback(() => {
    // Probe again now: the check says 'offline', with the reason, if it still fails.
    if (isLive()) reconnect();
  }, [isLive, reconnect]);

  return {
    session,
    serverUrl,
    clock: result?.clock ?? null,
    startId: result?.startId ?? null,
    connection,
    reportUnreachable,
    resync: reconnect,
  };
}

/** One reading of the server's cost counters for `session`; null when it could not be read. */
export async function fetchCosts(serverUrl: string, session: string, signal?: AbortSignal): Promise<CostReport | null> {
  try {
    const response = await fetch(withQuery(httpUrl(serverUrl, ENDPOINTS.eventsCosts), {session}), {
      cache: 'no-store',
      signal,
    });
    return response.ok ? await readJson(response, CostReport) : null;
  } catch {
    return null;
  }
}

/**
 * The server's count of what each transport has cost this session, fetched
 * every `everyMs` while `active`.
 */
export function useCosts(serverUrl: string, session: string, active: boolean, everyMs = 1000): CostReport | null {
  const [report, setReport] = useState<CostReport | null>(null);
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    // A missed reading is retried on the next tick; the transports report an unreachable server.
    const read = async () => {
      const next = await fetchCosts(serverUrl, session, controller.signal);
      if (next !== null) setReport(next);
    };
    void read();
    const timer = setInterval(() => void read(), everyMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [serverUrl, session, active, everyMs]);
  return report;
}
