import clsx from 'clsx';
import {useEffect, useId, useRef, useState, type ReactNode} from 'react';
import {ENDPOINTS, type ProblemDetails, type SandboxRepresentation} from '../../../demo-server/src/contract.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {formatBytes} from '../../lib/realtime/delays.ts';
import {useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import styles from './styles.module.css';

interface Shipped {
  source: string;
  contentType: string;
  cacheControl: string;
  etag: string;
}

function noteFrom(title: string, body: string, tags: string): Record<string, unknown> {
  const list = tags
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return list.length === 0 ? {title, body} : {title, body, tags: list};
}

/**
 * Code on demand: the page downloads a validator from the server and runs it
 * in a Web Worker (no access to the page), checking the note as you type. The
 * server still checks every note it receives; switch the downloaded code off
 * and everything still works — which is why this constraint is optional.
 */
export default function CodeOnDemandDemo(): ReactNode {
  const {serverUrl, connection} = useRealtimeSession();
  const live = connection.state.status === 'live';
  const [shipped, setShipped] = useState<Shipped | null>(null);
  const [useShipped, setUseShipped] = useState(true);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('Written with a validator the server sent.');
  const [tags, setTags] = useState('demo, Code On Demand');
  const [problems, setProblems] = useState<string[] | null>(null);
  const [serverSaid, setServerSaid] = useState<{status: number; detail: string} | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);
  const notes = useRef<string | null>(null);
  const ids = {title: useId(), body: useId(), tags: useId(), toggle: useId()};

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

  // Run it in a worker: it sees only the messages this page sends it.
  useEffect(() => {
    if (shipped === null || !useShipped) return;
    const url = URL.createObjectURL(new Blob([shipped.source], {type: 'text/javascript'}));
    const created = new Worker(url);
    created.onmessage = (event: MessageEvent<{problems: string[]}>) => setProblems(event.data.problems);
    worker.current = created;
    return () => {
      created.terminate();
      URL.revokeObjectURL(url);
      worker.current = null;
    };
  }, [shipped, useShipped]);

  useEffect(() => {
    worker.current?.postMessage({id: 1, note: noteFrom(title, body, tags)});
  }, [title, body, tags, shipped, useShipped]);

  const save = async () => {
    setFailure(null);
    try {
      if (notes.current === null) {
        const created = await fetch(httpUrl(serverUrl, `${ENDPOINTS.api}/sandboxes`), {method: 'POST'});
        notes.current = ((await created.json()) as SandboxRepresentation)._links.notes.href;
      }
      const response = await fetch(httpUrl(serverUrl, notes.current), {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify(noteFrom(title, body, tags)),
      });
      const answer = (await response.json()) as Partial<ProblemDetails>;
      setServerSaid({
        status: response.status,
        detail: response.ok ? `created at ${response.headers.get('Location') ?? '?'}` : (answer.detail ?? ''),
      });
    } catch (error) {
      setFailure(`Saving failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const shown = useShipped ? problems : null;
  return (
    <DemoFrame title="Code on demand" connection={connection}>
      <DemoAlert message={failure} />
      {shipped ? (
        <details className={styles.code}>
          <summary>
            The code the server sent: <code>{ENDPOINTS.noteValidator}</code>, {formatBytes(shipped.source.length)},{' '}
            <code>{shipped.contentType}</code>, <code>Cache-Control: {shipped.cacheControl}</code>
          </summary>
          <pre data-testid="shipped-code">{shipped.source}</pre>
        </details>
      ) : (
        <p className={styles.muted}>Downloading the validator…</p>
      )}
      <label className={styles.toggle} htmlFor={ids.toggle}>
        <input
          id={ids.toggle}
          type="checkbox"
          checked={useShipped}
          onChange={(event) => setUseShipped(event.target.checked)}
        />{' '}
        Run the downloaded validator in a Web Worker
      </label>
      <div className={styles.form}>
        <label htmlFor={ids.title}>Title</label>
        <input id={ids.title} className="otw-input" value={title} onChange={(event) => setTitle(event.target.value)} />
        <label htmlFor={ids.body}>Body</label>
        <textarea
          id={ids.body}
          className="otw-input"
          rows={2}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
        <label htmlFor={ids.tags}>Tags, separated by commas</label>
        <input id={ids.tags} className="otw-input" value={tags} onChange={(event) => setTags(event.target.value)} />
      </div>
      <div aria-live="polite" data-testid="client-verdict">
        {shown === null ? (
          <p className={styles.muted}>
            {useShipped ? 'Waiting for the validator…' : 'No downloaded code: the page checks nothing itself.'}
          </p>
        ) : shown.length === 0 ? (
          <p className={styles.good}>The downloaded validator finds nothing wrong.</p>
        ) : (
          <ul className={styles.bad}>
            {shown.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="button button--sm button--primary" disabled={!live} onClick={() => void save()}>
        Save the note
      </button>
      {serverSaid ? (
        <p
          className={clsx(serverSaid.status < 300 ? styles.good : styles.bad)}
          data-testid="server-verdict"
          aria-live="polite"
        >
          The server checked it too and answered <strong>{serverSaid.status}</strong>: {serverSaid.detail}
        </p>
      ) : null}
    </DemoFrame>
  );
}
