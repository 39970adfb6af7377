/** One run of the redirects demo as it holds it, the experiments beside the matrix, and what a screen reader hears. */
import {CHAIN_STATUS, REDIRECT_CHAIN, REDIRECT_LOOP} from '../../../demo-server/src/contract/redirects.ts';
import {FETCH_REDIRECT_LIMIT, hopsOf, type FetchView, type MatrixMethod} from '../../lib/redirects.ts';
import type {ServerSawState} from '../ServerSaw/index.tsx';

/** One `fetch` and what the server saw of it. */
export interface Run {
  /** The URL fetched, attempt id included. */
  url: string;
  method: MatrixMethod;
  redirect: RequestRedirect;
  /** Null while `fetch` has not settled. */
  page: FetchView | null;
  server: ServerSawState;
}

export const EXPERIMENT_NAMES = ['manual', 'error', 'chainAtLimit', 'chainPastLimit', 'loop'] as const;
export type Experiment = (typeof EXPERIMENT_NAMES)[number];

export interface ExperimentSetup {
  label: string;
  /** The path under `/http/redirect/`. */
  path: string;
  method: MatrixMethod;
  redirect: RequestRedirect;
  /** What the reader should look for. */
  setup: string;
}

export const EXPERIMENTS: Readonly<Record<Experiment, ExperimentSetup>> = {
  manual: {
    label: 'redirect: "manual"',
    path: '307',
    method: 'GET',
    redirect: 'manual',
    setup: 'A 307, not followed: fetch resolves with what the Fetch standard calls an opaque-redirect response.',
  },
  error: {
    label: 'redirect: "error"',
    path: '307',
    method: 'GET',
    redirect: 'error',
    setup: 'The same 307, with fetch told that a redirect is an error.',
  },
  chainAtLimit: {
    label: `A chain of ${FETCH_REDIRECT_LIMIT}`,
    path: `${REDIRECT_CHAIN}/${FETCH_REDIRECT_LIMIT}`,
    method: 'GET',
    redirect: 'follow',
    setup: `${FETCH_REDIRECT_LIMIT} redirects (${CHAIN_STATUS}) in a row, then the target.`,
  },
  chainPastLimit: {
    label: `A chain of ${FETCH_REDIRECT_LIMIT + 1}`,
    path: `${REDIRECT_CHAIN}/${FETCH_REDIRECT_LIMIT + 1}`,
    method: 'GET',
    redirect: 'follow',
    setup: `One redirect more: ${FETCH_REDIRECT_LIMIT + 1} in a row.`,
  },
  loop: {
    label: 'A loop',
    path: REDIRECT_LOOP,
    method: 'GET',
    redirect: 'follow',
    setup: `A ${CHAIN_STATUS} whose Location is its own URL: where does the browser give up?`,
  },
};

/** What fetch gave the page, in a few words. */
export function pageSummary(page: FetchView | null): string {
  if (page === null) return 'running';
  if (page.outcome === 'rejected') return `fetch rejected with ${page.name}: ${page.message}`;
  return `fetch resolved: status ${page.status}, type ${page.type}, redirected ${page.redirected}`;
}

/** How many requests the server received of a run (kept and only counted). */
export function requestsReceived(server: ServerSawState): number | null {
  return server.kind === 'record' ? server.record.exchanges.length + server.record.exchangesDropped : null;
}

/** The sentence said when the matrix is done: each cell's method at the target. */
export function announceCell(runs: readonly Run[]): string {
  const parts = runs.map((run) => {
    const hops = run.server.kind === 'record' ? hopsOf(run.server.record) : [];
    const last = hops.at(-1);
    const status = hops[0]?.status ?? '?';
    return `${run.method} ${status}: ${last === undefined ? 'nothing reached the target' : `the target received ${last.method} with ${last.bodyBytes ?? 0} bytes`}`;
  });
  return `The matrix is done. ${parts.join('; ')}.`;
}

export function announceExperiment(experiment: Experiment, run: Run): string {
  const received = requestsReceived(run.server);
  return `${EXPERIMENTS[experiment].label}: ${pageSummary(run.page)}; the server received ${received ?? 'no'} request${received === 1 ? '' : 's'}.`;
}
