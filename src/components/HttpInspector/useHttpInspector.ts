import {useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {
  HttpInspection,
  HttpInspectRecord,
  type HttpInspectExchange,
} from '../../../demo-server/src/contract/httpInspect.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {readJson} from '../../lib/readJson.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';
import {carriesBody, formProblem, INITIAL_FORM, type InspectorForm} from './form.ts';

/** What `fetch` gave the page itself. */
export type PageView =
  {kind: 'answer'; status: number; headers: [string, string][]; body: string} | {kind: 'error'; message: string};

export interface InspectorRun {
  n: number;
  url: string;
  form: InspectorForm;
  /** Header names the page asked for that the browser's `Request` dropped before anything was sent. */
  dropped: string[];
  page: PageView | null;
  /** The preflight, if the browser sent one, and the request itself, as the server recorded them. */
  preflight: HttpInspectExchange | null;
  exchange: HttpInspectExchange | null;
  /** Still waiting for the server's record. */
  reading: boolean;
  /** The client port of the connection that created the inspection (0 until the record is read). */
  createdOnPort: number;
}

export interface HttpInspector {
  connection: ServerStatus['connection'];
  live: boolean;
  busy: boolean;
  form: InspectorForm;
  setForm: (update: (form: InspectorForm) => InspectorForm) => void;
  /** Why the form cannot be sent as it is, or null. */
  formProblem: string | null;
  run: InspectorRun | null;
  announcement: string;
  failure: string | null;
  send: () => void;
}

const READ_TRIES = 5;
const READ_RETRY_MS = 150;

/**
 * The HTTP inspector's state: each "Send" makes an inspection, sends the reader's request with `fetch`, then
 * reads what the server recorded of it, the preflight included.
 */
export function useHttpInspector(): HttpInspector {
  const {serverUrl, connection} = useServerStatus();
  const live = connection.state.status === 'live';
  const [form, setFormState] = useState<InspectorForm>(INITIAL_FORM);
  const [run, setRun] = useState<InspectorRun | null>(null);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const count = useRef(0);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const perform = async (sent: InspectorForm, signal: AbortSignal) => {
    const {framing, chunks, trailer, connection: connectionOption} = sent.options;
    const query = new URLSearchParams({
      framing,
      chunks: String(chunks),
      trailer: String(trailer),
      connection: connectionOption,
    });
    const made = await fetch(httpUrl(serverUrl, `${ENDPOINTS.httpInspect}/sessions?${query.toString()}`), {
      method: 'POST',
      cache: 'no-store',
      signal,
    });
    const inspection = made.status === 201 ? await readJson(made, HttpInspection) : null;
    if (inspection === null) throw new Error(`the server answered ${made.status} when asked for an inspection`);
    const url = httpUrl(serverUrl, `${inspection.target}${sent.path}`);
    const rows = sent.headers.filter((row) => row.name !== '');
    const init: RequestInit = {
      method: sent.method,
      headers: rows.map((row): [string, string] => [row.name, row.value]),
      cache: 'no-store',
      signal,
      ...(carriesBody(sent.method) ? {body: sent.body} : {}),
    };
    // What this browser's Request keeps of the headers asked for: the forbidden ones are dropped here, silently.
    const kept = new Request(url, init).headers;
    const dropped = rows.filter((row) => !kept.has(row.name)).map((row) => row.name);
    count.current += 1;
    const base: InspectorRun = {
      n: count.current,
      url,
      form: sent,
      dropped,
      page: null,
      preflight: null,
      exchange: null,
      reading: true,
      createdOnPort: 0,
    };
    setRun(base);
    let page: PageView;
    try {
      const response = await fetch(url, init);
      const body = await response.text();
      page = {kind: 'answer', status: response.status, headers: [...response.headers], body};
    } catch (error) {
      if (signal.aborted) throw error;
      page = {kind: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error)};
    }
    setRun({...base, page});
    // The server records an exchange once its answer is written; a browser may read the answer a moment sooner.
    let record: HttpInspectRecord | null = null;
    for (let attempt = 0; attempt < READ_TRIES; attempt++) {
      const answer = await fetch(httpUrl(serverUrl, inspection.record), {cache: 'no-store', signal});
      record = answer.ok ? await readJson(answer, HttpInspectRecord) : null;
      if (record === null || record.done) break;
      await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
    }
    const exchanges = record?.exchanges ?? [];
    const done: InspectorRun = {
      ...base,
      page,
      preflight: exchanges.find((exchange) => exchange.method === 'OPTIONS') ?? null,
      exchange: exchanges.find((exchange) => exchange.method !== 'OPTIONS') ?? null,
      reading: false,
      createdOnPort: record?.createdOnPort ?? 0,
    };
    setRun(done);
    setAnnouncement(announce(done));
  };

  const send = () => {
    if (busy || formProblem(form) !== null) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setBusy(true);
    setFailure(null);
    perform(form, current.signal)
      .catch((error: unknown) => {
        if (current.signal.aborted) return;
        setRun((shown) => (shown === null ? null : {...shown, reading: false}));
        setFailure(
          `Could not inspect the request: ${error instanceof Error ? error.message : String(error)}. Is the demo server reachable?`,
        );
      })
      .finally(() => {
        if (!current.signal.aborted) setBusy(false);
      });
  };

  return {
    connection,
    live,
    busy,
    form,
    setForm: setFormState,
    formProblem: formProblem(form),
    run,
    announcement,
    failure,
    send,
  };
}

function announce(run: InspectorRun): string {
  const {exchange} = run;
  if (exchange === null) return 'The server kept no record of the request.';
  const requestBytes = exchange.request === null ? null : atob(exchange.request).length;
  const responseBytes = atob(exchange.response).length;
  return (
    `Request ${run.n} inspected: ${requestBytes === null ? 'its bytes were not read' : `${requestBytes} bytes`} sent, ` +
    `${responseBytes} bytes answered${run.preflight !== null ? ', after a preflight' : ''}. ` +
    (run.dropped.length > 0 ? `Your browser dropped ${run.dropped.join(', ')}.` : '')
  ).trim();
}
