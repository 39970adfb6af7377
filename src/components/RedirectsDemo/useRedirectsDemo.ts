import {useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {newAttemptId, readAttempt, withAttempt} from '../../lib/attempts.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {initFor, MATRIX_CELLS, runRedirect, type MatrixMethod} from '../../lib/redirects.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';
import type {ServerSawState} from '../ServerSaw/index.tsx';
import {announceCell, announceExperiment, EXPERIMENTS, type Experiment, type Run} from './run.ts';

export interface RedirectsDemo {
  connection: ServerStatus['connection'];
  live: boolean;
  busy: boolean;
  /** The matrix's runs, by `cellKey`, filled in as they finish. */
  cells: Readonly<Record<string, Run>>;
  experiments: Readonly<Partial<Record<Experiment, Run>>>;
  announcement: string;
  failure: string | null;
  runMatrix: () => void;
  runExperiment: (experiment: Experiment) => void;
}

export const cellKey = (method: MatrixMethod, status: number) => `${method} ${status}`;

/** Time for the server to finish writing its last answer before its record is read: a record is given once. */
const SETTLE_MS = 50;

/**
 * Runs the redirects demo from this page: each `fetch` goes to the demo server with a fresh attempt id that every
 * `Location` keeps, so the server records every hop, and the page then reads that record to show beside what
 * `fetch` gave it. One run at a time: the matrix's ten fetches one after another, or one experiment.
 */
export function useRedirectsDemo(): RedirectsDemo {
  const {serverUrl, connection} = useServerStatus();
  const live = connection.state.status === 'live';
  const [cells, setCells] = useState<Record<string, Run>>({});
  const [experiments, setExperiments] = useState<Partial<Record<Experiment, Run>>>({});
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  /** One fetch and the server's record of it; `show` is told of each stage. */
  const perform = async (
    path: string,
    method: MatrixMethod,
    redirect: RequestRedirect,
    signal: AbortSignal,
    show: (run: Run) => void,
  ): Promise<Run> => {
    const id = newAttemptId();
    const url = withAttempt(httpUrl(serverUrl, path), id);
    const base: Run = {url, method, redirect, page: null, server: {kind: 'reading'}};
    show(base);
    const page = await runRedirect(url, initFor(method, redirect));
    if (signal.aborted) return base;
    show({...base, page});
    const record = await readAttempt(serverUrl, id, {signal, settleMs: SETTLE_MS});
    const server: ServerSawState = record === null ? {kind: 'none'} : {kind: 'record', record};
    const done: Run = {...base, page, server};
    show(done);
    return done;
  };

  const begin = (work: (signal: AbortSignal) => Promise<void>) => {
    if (busy) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setBusy(true);
    setFailure(null);
    work(current.signal)
      .catch((error: unknown) => {
        if (current.signal.aborted) return;
        setFailure(
          `Could not read what the server saw: ${error instanceof Error ? error.message : String(error)}. Is the demo server reachable?`,
        );
      })
      .finally(() => {
        if (!current.signal.aborted) setBusy(false);
      });
  };

  const runMatrix = () =>
    begin(async (signal) => {
      setCells({});
      const done: Run[] = [];
      for (const {method, status} of MATRIX_CELLS) {
        const key = cellKey(method, status);
        const run = await perform(`${ENDPOINTS.httpRedirect}/${status}`, method, 'follow', signal, (shown) =>
          setCells((all) => ({...all, [key]: shown})),
        );
        if (signal.aborted) return;
        done.push(run);
      }
      setAnnouncement(announceCell(done));
    });

  const runExperiment = (experiment: Experiment) =>
    begin(async (signal) => {
      const {path, method, redirect} = EXPERIMENTS[experiment];
      const run = await perform(`${ENDPOINTS.httpRedirect}/${path}`, method, redirect, signal, (shown) =>
        setExperiments((all) => ({...all, [experiment]: shown})),
      );
      if (!signal.aborted) setAnnouncement(announceExperiment(experiment, run));
    });

  return {connection, live, busy, cells, experiments, announcement, failure, runMatrix, runExperiment};
}
