import {useEffect, useRef, useState} from 'react';
import type {CorsCase} from '../../../demo-server/src/contract/cors.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {newAttemptId, readAttempt, withAttempt} from '../../lib/attempts.ts';
import {runCorsCase} from '../../lib/corsCases.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';
import {announce, type CorsRun} from './run.ts';

export interface CorsBothSides {
  connection: ServerStatus['connection'];
  live: boolean;
  busy: boolean;
  run: CorsRun | null;
  /** The URL of the last run of each case, for running it again with the same URL. */
  lastUrl: Partial<Record<CorsCase, string>>;
  announcement: string;
  failure: string | null;
  start: (name: CorsCase, options?: {sameUrl?: boolean}) => void;
}

/** Time for the server to finish its side (its note comes after the answer) before its record is read. */
const SETTLE_MS = 100;

/**
 * Runs the CORS cases one at a time from this page: each `fetch` goes to the demo server (another origin) with a
 * fresh attempt id in its URL, so the server keeps the preflight and the request, and the page then reads that
 * record to show beside what `fetch` itself gave it.
 */
export function useCorsBothSides(): CorsBothSides {
  const {serverUrl, connection} = useServerStatus();
  const live = connection.state.status === 'live';
  const [run, setRun] = useState<CorsRun | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastUrl, setLastUrl] = useState<Partial<Record<CorsCase, string>>>({});
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const count = useRef(0);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const perform = async (name: CorsCase, sameUrl: boolean, signal: AbortSignal) => {
    const previous = sameUrl ? lastUrl[name] : undefined;
    // A new attempt id makes a new URL, and so a new key in the browser's preflight cache: each run is fresh.
    const url = previous ?? withAttempt(httpUrl(serverUrl, `${ENDPOINTS.cors}/${name}`), newAttemptId());
    const id = new URL(url).searchParams.get('attempt') ?? '';
    count.current += 1;
    const base: CorsRun = {
      n: count.current,
      case: name,
      url,
      sameUrl: previous !== undefined,
      page: null,
      server: {kind: 'reading'},
    };
    setRun(base);
    setLastUrl((urls) => ({...urls, [name]: url}));
    const page = await runCorsCase(name, url);
    if (signal.aborted) return;
    setRun({...base, page});
    const record = await readAttempt(serverUrl, id, {signal, settleMs: SETTLE_MS});
    const done: CorsRun = {...base, page, server: record === null ? {kind: 'none'} : {kind: 'record', record}};
    setRun(done);
    setAnnouncement(announce(done));
  };

  const start = (name: CorsCase, {sameUrl = false}: {sameUrl?: boolean} = {}) => {
    if (busy) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setBusy(true);
    setFailure(null);
    perform(name, sameUrl, current.signal)
      .catch((error: unknown) => {
        if (current.signal.aborted) return;
        setRun((shown) => (shown === null ? null : {...shown, server: {kind: 'idle'}}));
        setFailure(
          `Could not read what the server saw: ${error instanceof Error ? error.message : String(error)}. Is the demo server reachable?`,
        );
      })
      .finally(() => {
        if (!current.signal.aborted) setBusy(false);
      });
  };

  return {connection, live, busy, run, lastUrl, announcement, failure, start};
}
