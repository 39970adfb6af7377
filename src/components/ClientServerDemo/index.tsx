import {useCallback, useEffect, useRef, useState, type ReactNode} from 'react';
import {ENDPOINTS, type NoteRepresentation, type SandboxRepresentation} from '../../../demo-server/src/contract.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {formatTimeOfDay} from '../../lib/format.ts';
import {useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import styles from './styles.module.css';

/** How often the page asks whether the note changed (a conditional GET: usually a small 304). */
const CHECK_EVERY_MS = 2000;

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One resource, two clients: this page and a terminal. The page shows a note
 * and checks it with conditional requests; the reader changes it with curl
 * (or from the page); both get the same interface and the same answers.
 */
export default function ClientServerDemo(): ReactNode {
  const {serverUrl, connection} = useRealtimeSession();
  const live = connection.state.status === 'live';
  const [noteUri, setNoteUri] = useState<string | null>(null);
  const [note, setNote] = useState<NoteRepresentation | null>(null);
  const [checks, setChecks] = useState({sent: 0, notModified: 0, changed: 0});
  const [failure, setFailure] = useState<string | null>(null);
  const [title, setTitle] = useState('Changed from this page');
  const etag = useRef<string | null>(null);

  // A sandbox of the reader's own, then its first note, found by following links.
  useEffect(() => {
    if (!live || noteUri !== null) return;
    const controller = new AbortController();
    void (async () => {
      try {
        const created = await fetch(httpUrl(serverUrl, `${ENDPOINTS.api}/sandboxes`), {
          method: 'POST',
          signal: controller.signal,
        });
        const sandbox = (await created.json()) as SandboxRepresentation;
        const notes = (await (
          await fetch(httpUrl(serverUrl, sandbox._links.notes.href), {signal: controller.signal})
        ).json()) as {
          _links: {item: {href: string}[]};
        };
        const first = notes._links.item[0]?.href;
        if (first !== undefined) setNoteUri(first);
      } catch (error) {
        if (!controller.signal.aborted)
          setFailure(`Could not create a sandbox: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    return () => controller.abort();
  }, [live, noteUri, serverUrl]);

  const check = useCallback(async () => {
    if (noteUri === null) return;
    const headers: Record<string, string> = {Accept: 'application/json'};
    if (etag.current !== null) headers['If-None-Match'] = etag.current;
    const response = await fetch(httpUrl(serverUrl, noteUri), {headers, cache: 'no-store'});
    if (response.status === 304) {
      setChecks((c) => ({...c, sent: c.sent + 1, notModified: c.notModified + 1}));
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const wasKnown = etag.current !== null;
    etag.current = response.headers.get('ETag');
    setNote((await response.json()) as NoteRepresentation);
    setChecks((c) => ({...c, sent: c.sent + 1, changed: c.changed + (wasKnown ? 1 : 0)}));
  }, [noteUri, serverUrl]);

  useEffect(() => {
    if (!live || noteUri === null) return;
    const run = () => {
      check().catch((error: unknown) =>
        setFailure(`Checking the note failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    };
    const first = setTimeout(run, 0);
    const timer = setInterval(run, CHECK_EVERY_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [live, noteUri, check]);

  const changeFromPage = () => {
    if (noteUri === null) return;
    setFailure(null);
    fetch(httpUrl(serverUrl, noteUri), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/merge-patch+json'},
      body: JSON.stringify({title}),
    })
      .then(() => check())
      .catch((error: unknown) =>
        setFailure(`The change failed: ${error instanceof Error ? error.message : String(error)}`),
      );
  };

  const target = noteUri === null ? '' : httpUrl(serverUrl, noteUri);
  const curlChange = `curl -i -X PATCH ${shellQuote(target)} -H 'Content-Type: application/merge-patch+json' -d ${shellQuote(JSON.stringify({title: 'Changed from a terminal'}))}`;
  const curlRead = `curl -i ${shellQuote(target)} -H 'Accept: text/plain'`;

  return (
    <DemoFrame title="Two clients, one resource" connection={connection}>
      <LiveRegion>{note ? `The note is titled ${note.title}` : ''}</LiveRegion>
      <DemoAlert message={failure} />
      {note === null ? (
        <p className={styles.muted}>Creating a sandbox of your own…</p>
      ) : (
        <div className={styles.columns}>
          <section aria-label="This page, a client" className={styles.column}>
            <h3>This page</h3>
            <article className={styles.card} data-testid="note-card">
              <p className={styles.title}>{note.title}</p>
              <p>{note.body}</p>
              <p className={styles.muted}>Updated {formatTimeOfDay(new Date(note.updatedAt))}</p>
            </article>
            <p className={styles.muted} data-testid="checks" data-changed={checks.changed}>
              Checked {checks.sent} times with <code>If-None-Match</code>: {checks.notModified} ×{' '}
              <code>304 Not Modified</code>, {checks.changed} × changed by someone.
            </p>
            <div className={styles.change}>
              <label>
                New title{' '}
                <input
                  className="otw-input"
                  value={title}
                  maxLength={200}
                  onChange={(event) => setTitle(event.target.value)}
                />
              </label>
              <button type="button" className="button button--sm button--primary" onClick={changeFromPage}>
                Change it from this page
              </button>
            </div>
          </section>
          <section aria-label="A terminal, another client" className={styles.column}>
            <h3>A terminal</h3>
            <p>Change the same note with curl, and watch this page pick it up within two seconds:</p>
            <pre className={styles.command} aria-label="curl command that changes the note">
              {curlChange}
            </pre>
            <p>Or read it as plain text — the same resource, another representation:</p>
            <pre className={styles.command} aria-label="curl command that reads the note">
              {curlRead}
            </pre>
          </section>
        </div>
      )}
    </DemoFrame>
  );
}
