/** One run of a CORS case as the demo holds it, and the sentence a screen reader hears when it is done. */
import type {CorsCase} from '../../../demo-server/src/contract/cors.ts';
import type {PageView} from '../../lib/corsCases.ts';
import type {ServerSawState} from '../ServerSaw/index.tsx';
import {CASE_LABELS} from './parts/cases.tsx';

/** One run of a case: the request the page made, what `fetch` gave it, and what the server saw. */
export interface CorsRun {
  /** Counts runs, so a repeated case is a new result. */
  n: number;
  case: CorsCase;
  /** The URL fetched, attempt id included. */
  url: string;
  /** Sent to the URL of the previous run of the same case: the browser may answer the preflight from its cache. */
  sameUrl: boolean;
  /** Null while `fetch` has not settled. */
  page: PageView | null;
  server: ServerSawState;
}

/** A sentence for the live region: what the page was given, and how much the server saw. */
export function announce(run: CorsRun): string {
  const label = CASE_LABELS[run.case];
  const page =
    run.page === null
      ? 'running'
      : run.page.outcome === 'resolved'
        ? `fetch resolved with status ${run.page.status}`
        : `fetch rejected with ${run.page.name}: ${run.page.message}`;
  const server =
    run.server.kind === 'record'
      ? `the server received ${run.server.record.exchanges.length} request${run.server.record.exchanges.length === 1 ? '' : 's'}`
      : run.server.kind === 'none'
        ? 'the server received nothing'
        : '';
  return `${label}: ${page}${server === '' ? '' : `; ${server}`}.`;
}
