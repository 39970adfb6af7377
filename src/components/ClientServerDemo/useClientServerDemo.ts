import {useCallback, useEffect, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {NoteCollection, NoteRepresentation, SandboxRepresentation} from '../../../demo-server/src/contract/rest.ts';
import {requireJson} from '../../lib/readJson.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';

/** How often the page asks whether the note changed (a conditional GET: usually a small 304). */
const CHECK_EVERY_MS = 2000;

/** What the page's conditional GETs found so far. */
export interface Checks {
  sent: number;
  notModified: number;
  /** Answers with a new representation after the first: someone else changed the note. */
  changed: number;
}

export interface ClientServerDemo {
  connection: ServerStatus['connection'];
  /** The reader's note as last fetched; null until the sandbox exists. */
  note: NoteRepresentation | null;
  /** The note's full URL, for the curl commands; '' until known. */
  noteUrl: string;
  checks: Checks;
  failure: string | null;
  /** PATCH the note's title from this page, then check it at once. */
  changeFromPage: (title: string) => void;
}

/**
 * One resource, two clients: creates a sandbox of the reader's own, finds its
 * first note by following links, and checks it every two seconds with
 * If-None-Match, counting 304s and changes made by someone else (a terminal).
 */
export function useClientServerDemo(): ClientServerDemo {
  const {serverUrl, connection} = useServerStatus();
  const live = connection.state.status === 'live';
  const [noteUri, setNoteUri] = useState<string | null>(null);
  const [note, setNote] = useState<NoteRepresentation | null>(null);
  const [checks, setChecks] = useState<Checks>({sent: 0, notModified: 0, changed: 0});
  const [failure, setFailure] = useState<string | null>(null);
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
        const sandbox = await requireJson(created, SandboxRepresentation, 'creating a sandbox');
        const notes = await requireJson(
          await fetch(httpUrl(serverUrl, sandbox._links.notes.href), {signal: controller.signal}),
          NoteCollection,
          'reading its notes',
        );
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
    setNote(await requireJson(response, NoteRepresentation, 'reading the note'));
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

  const changeFromPage = (title: string) => {
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

  return {
    connection,
    note,
    noteUrl: noteUri === null ? '' : httpUrl(serverUrl, noteUri),
    checks,
    failure,
    changeFromPage,
  };
}
