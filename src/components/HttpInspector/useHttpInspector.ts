import {useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {
  HttpInspection,
  HttpInspectRecord,
  isForbiddenRequestHeader,
  type HttpInspectExchange,
  type HttpInspectMethod,
  type HttpInspectOptions,
} from '../../../demo-server/src/contract/httpInspect.ts';
import {HTTP_INSPECT_LIMITS} from '../../../demo-server/src/limits.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {readJson} from '../../lib/readJson.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';

export interface HeaderRow {
  name: string;
  value: string;
}

/** What the reader chose: the request, and how the server frames its answer. */
export interface InspectorForm {
  method: HttpInspectMethod;
  /** The path below the inspection's target, query included. */
  path: string;
  headers: HeaderRow[];
  body: string;
  options: HttpInspectOptions;
}

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

export const INITIAL_FORM: InspectorForm = {
  method: 'POST',
  path: 'notes?lang=en',
  headers: [{name: 'Content-Type', value: 'text/plain;charset=utf-8'}],
  body: 'Hello, server!',
  options: {framing: 'chunked', chunks: 3, trailer: true, connection: 'keep-alive'},
};

/** The forbidden headers a reader can add in one go, to watch the browser drop them. */
export const FORBIDDEN_EXAMPLES: readonly HeaderRow[] = [
  {name: 'Host', value: 'example.com'},
  {name: 'Cookie', value: 'session=stolen'},
  {name: 'Connection', value: 'close'},
  {name: 'User-Agent', value: 'my-agent/1.0'},
];

/** A path below the target: the characters of a URL path and query that need no encoding (RFC 3986 §3.3, §3.4). */
const PATH = /^[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,200}$/;
/** A field name is a token (RFC 9110 §5.1, §5.6.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A field value a page may send: visible characters and spaces, no line breaks (RFC 9110 §5.5). */
const VALUE = /^[\t\x20-\x7e]*$/;
const READ_TRIES = 5;
const READ_RETRY_MS = 150;

/** Why this form cannot be sent, in words; null when it can. */
export function formProblem(form: InspectorForm): string | null {
  if (!PATH.test(form.path)) return 'The path may hold letters, digits and URL punctuation only, up to 200 characters.';
  const rows = form.headers.filter((row) => row.name !== '' || row.value !== '');
  if (rows.length > HTTP_INSPECT_LIMITS.maxRequestHeaders) {
    return `At most ${HTTP_INSPECT_LIMITS.maxRequestHeaders} headers.`;
  }
  for (const row of rows) {
    if (!TOKEN.test(row.name)) return `"${row.name}" is not a header name: letters, digits and !#$%&'*+.^_\`|~- only.`;
    if (!VALUE.test(row.value)) return `The value of ${row.name} may hold visible ASCII characters and spaces only.`;
  }
  if (new TextEncoder().encode(form.body).length > HTTP_INSPECT_LIMITS.maxBodyBytes) {
    return `The body may be at most ${HTTP_INSPECT_LIMITS.maxBodyBytes} bytes.`;
  }
  return null;
}

/** Whether `fetch` lets this method carry a body (Fetch: a GET or HEAD request with a body is a TypeError). */
export const carriesBody = (method: string) => method !== 'GET' && method !== 'HEAD';

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

/** Whether a header name is one the browser sets and script may not (Fetch, "forbidden request-header"). */
export {isForbiddenRequestHeader};
