import {useCallback, useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {ProblemDetails, SandboxRepresentation} from '../../../demo-server/src/contract/rest.ts';
import {readJson, requireJson} from '../../lib/readJson.ts';
import {pageWorkerSource, readSandboxMessage, readWorkerMessage, type ReachReport} from '../../lib/codeOnDemand.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';

/** The validator as it arrived: its source and the headers that say what it is. */
export interface Shipped {
  source: string;
  contentType: string;
  cacheControl: string;
  etag: string;
}

export interface ServerVerdict {
  status: number;
  detail: string;
}

export interface NoteFields {
  title: string;
  body: string;
  tags: string;
}

export interface CodeOnDemandDemo {
  connection: ServerStatus['connection'];
  live: boolean;
  shipped: Shipped | null;
  /** Whether the downloaded code runs (the reader can switch it off). */
  runShipped: boolean;
  setRunShipped: (run: boolean) => void;
  fields: NoteFields;
  setField: (name: keyof NoteFields, value: string) => void;
  /** What the shipped validator found in the note as it is now; null until it answered, or while it is off. */
  problems: string[] | null;
  serverSaid: ServerVerdict | null;
  failure: string | null;
  save: () => Promise<void>;
  /** A callback ref for the sandboxed iframe the shipped code runs in. */
  attachSandbox: (element: HTMLIFrameElement | null) => void;
  /** The sandboxed iframe's load handler: its document is listening, the code can be handed over. */
  onSandboxLoad: () => void;
  /** What the shipped code, in its sandboxed worker, could reach; measured there. */
  sandboxedReach: ReachReport | null;
  /** The same probes in a worker the page made from a `blob:` URL, for comparison. */
  pageWorkerReach: ReachReport | null;
}

export function noteFrom({title, body, tags}: NoteFields): Record<string, unknown> {
  const list = tags
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return list.length === 0 ? {title, body} : {title, body, tags: list};
}

/** This page's URL without its fragment: what the probes request, with the page's cookies. */
function pageUrl(): string {
  return `${window.location.origin}${window.location.pathname}${window.location.search}`;
}

/**
 * Code on demand: the page downloads a validator from the server and runs it
 * in a worker inside a sandboxed iframe, checking the note as the reader
 * types, and measures what that code could reach. The server still checks
 * every note it receives; switch the downloaded code off and everything still
 * works — which is why this constraint is optional.
 */
export function useCodeOnDemandDemo(): CodeOnDemandDemo {
  const {serverUrl, connection} = useServerStatus();
  const live = connection.state.status === 'live';
  const [shipped, setShipped] = useState<Shipped | null>(null);
  const [runShipped, setRunShipped] = useState(true);
  const [fields, setFields] = useState<NoteFields>({
    title: '',
    body: 'Written with a validator the server sent.',
    tags: 'demo, Code On Demand',
  });
  const [problems, setProblems] = useState<string[] | null>(null);
  const [serverSaid, setServerSaid] = useState<ServerVerdict | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sandboxedReach, setSandboxedReach] = useState<ReachReport | null>(null);
  const [pageWorkerReach, setPageWorkerReach] = useState<ReachReport | null>(null);
  const [sandboxReady, setSandboxReady] = useState(false);
  const frame = useRef<HTMLIFrameElement | null>(null);
  const notes = useRef<string | null>(null);
  /** The id of the newest check sent; answers to older ones are dropped. */
  const lastCheck = useRef(0);

  const setField = useCallback((name: keyof NoteFields, value: string) => {
    setFields((previous) => ({...previous, [name]: value}));
  }, []);

  // Download the code once the server is reachable.
  useEffect(() => {
    if (!live || shipped !== null) return;
    const controller = new AbortController();
    fetch(httpUrl(serverUrl, ENDPOINTS.noteValidator), {signal: controller.signal})
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        setShipped({
          source: await response.text(),
          contentType: response.headers.get('Content-Type') ?? '',
          cacheControl: response.headers.get('Cache-Control') ?? '',
          etag: response.headers.get('ETag') ?? '',
        });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setFailure(`Could not download the validator: ${error instanceof Error ? error.message : String(error)}`);
      });
    return () => controller.abort();
  }, [live, shipped, serverUrl]);

  // For comparison: the same probes in a worker this page makes from a blob: URL (the page's origin).
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([pageWorkerSource(pageUrl())], {type: 'text/javascript'}));
    const worker = new Worker(url);
    worker.onmessage = (event: MessageEvent<unknown>) => {
      const message = readWorkerMessage(event.data);
      if (message?.type === 'reach') {
        setPageWorkerReach(message.report);
        worker.terminate();
      }
    };
    return () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    };
  }, []);

  // Messages from the sandbox: accepted only from its window (its origin is the opaque "null").
  useEffect(() => {
    if (!runShipped) return;
    const onMessage = (event: MessageEvent<unknown>) => {
      if (frame.current === null || event.source !== frame.current.contentWindow) return;
      const message = readSandboxMessage(event.data);
      if (message === null) return;
      if (message.type === 'reach') setSandboxedReach(message.report);
      else if (message.type === 'failed') setFailure(`The downloaded code failed: ${message.detail}`);
      else if (message.id === lastCheck.current) setProblems(message.problems);
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
      // Switching off removes the iframe, and with it the worker it started.
      setSandboxReady(false);
      setSandboxedReach(null);
      setProblems(null);
    };
  }, [runShipped]);

  // Hand the shipped code to the sandbox once both have arrived.
  useEffect(() => {
    if (!sandboxReady || shipped === null) return;
    frame.current?.contentWindow?.postMessage({type: 'run', source: shipped.source, pageUrl: pageUrl()}, '*');
  }, [sandboxReady, shipped]);

  // Check the note as the reader types.
  useEffect(() => {
    if (!sandboxReady || shipped === null) return;
    lastCheck.current += 1;
    frame.current?.contentWindow?.postMessage(
      {type: 'check', data: {id: lastCheck.current, note: noteFrom(fields)}},
      '*',
    );
  }, [fields, sandboxReady, shipped]);

  const onSandboxLoad = useCallback(() => setSandboxReady(true), []);
  const attachSandbox = useCallback((element: HTMLIFrameElement | null) => {
    frame.current = element;
  }, []);

  const save = async () => {
    setFailure(null);
    try {
      if (notes.current === null) {
        const created = await fetch(httpUrl(serverUrl, `${ENDPOINTS.api}/sandboxes`), {method: 'POST'});
        const sandbox = await requireJson(created, SandboxRepresentation, 'creating a sandbox');
        notes.current = sandbox._links.notes.href;
      }
      const response = await fetch(httpUrl(serverUrl, notes.current), {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify(noteFrom(fields)),
      });
      const problem = response.ok ? null : await readJson(response, ProblemDetails);
      setServerSaid({
        status: response.status,
        detail: response.ok ? `created at ${response.headers.get('Location') ?? '?'}` : (problem?.detail ?? ''),
      });
    } catch (error) {
      setFailure(`Saving failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return {
    connection,
    live,
    shipped,
    runShipped,
    setRunShipped,
    fields,
    setField,
    problems: runShipped ? problems : null,
    serverSaid,
    failure,
    save,
    attachSandbox,
    onSandboxLoad,
    sandboxedReach: runShipped ? sandboxedReach : null,
    pageWorkerReach,
  };
}
