import clsx from 'clsx';
import {useState, type ReactNode} from 'react';
import {ENDPOINTS} from '@site/demo-server/src/contract/endpoints';
import type {NoteRepresentation, SandboxRepresentation} from '@site/demo-server/src/contract/rest';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {formatTimeOfDay} from '../../lib/format.ts';
import {useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import styles from './styles.module.css';

interface Row {
  n: number;
  route: 'direct' | 'cache';
  request: string;
  status: number;
  title: string;
  cacheControl: string;
  etag: string;
  age: string;
  cacheStatus: string;
  via: string;
  /** Whether this request reached the origin: always when direct; through the cache only when it forwarded. */
  reachedOrigin: boolean;
}

interface Paths {
  direct: string;
  cache: string;
}

/**
 * The same requests, sent straight to the API and through the shared cache
 * layer in front of it. The bodies are the same; the headers say what the
 * cache did (Cache-Status, Age, Via), and the counters say how many requests
 * the origin had to answer.
 */
export default function CacheLayerDemo(): ReactNode {
  const {serverUrl, connection} = useRealtimeSession();
  const live = connection.state.status === 'live';
  const [paths, setPaths] = useState<Paths | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const ensure = async (): Promise<Paths> => {
    if (paths !== null) return paths;
    const response = await fetch(httpUrl(serverUrl, `${ENDPOINTS.viaCache}${ENDPOINTS.api}/sandboxes`), {
      method: 'POST',
    });
    const sandbox = (await response.json()) as SandboxRepresentation;
    const cache = `${sandbox._links.notes.href}/1`;
    const made = {cache, direct: cache.slice(ENDPOINTS.viaCache.length)};
    setPaths(made);
    return made;
  };

  const send = async (route: 'direct' | 'cache', method: 'GET' | 'PATCH', title?: string) => {
    const mine = await ensure();
    const path = mine[route];
    const response = await fetch(httpUrl(serverUrl, path), {
      method,
      headers: method === 'PATCH' ? {'Content-Type': 'application/merge-patch+json'} : {Accept: 'application/json'},
      body: method === 'PATCH' ? JSON.stringify({title}) : undefined,
      // The browser's own cache stays out of it: this demo is about the shared cache on the server side.
      cache: 'no-store',
    });
    const note = (await response.json()) as Partial<NoteRepresentation>;
    const cacheStatus = response.headers.get('Cache-Status') ?? '';
    setRows((previous) => [
      {
        n: previous.length + 1,
        route,
        request: `${method} ${path}`,
        status: response.status,
        title: note.title ?? '',
        cacheControl: response.headers.get('Cache-Control') ?? '',
        etag: response.headers.get('ETag') ?? '',
        age: response.headers.get('Age') ?? '',
        cacheStatus,
        via: response.headers.get('Via') ?? '',
        reachedOrigin: route === 'direct' || cacheStatus.includes('fwd='),
      },
      ...previous,
    ]);
  };

  const run = (action: () => Promise<void>) => () => {
    setBusy(true);
    setFailure(null);
    action()
      .catch((error: unknown) =>
        setFailure(`The request failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => setBusy(false));
  };

  const throughCache = rows.filter((row) => row.route === 'cache');
  const reached = throughCache.filter((row) => row.reachedOrigin).length;
  const latest = rows[0];

  return (
    <DemoFrame title="A cache in between" connection={connection}>
      <DemoAlert message={failure} />
      <div className={styles.actions}>
        <button
          type="button"
          className="button button--sm button--primary"
          disabled={!live || busy}
          onClick={run(() => send('cache', 'GET'))}
        >
          GET the note through the cache
        </button>
        <button
          type="button"
          className="button button--sm button--secondary"
          disabled={!live || busy}
          onClick={run(() => send('direct', 'GET'))}
        >
          GET it from the origin directly
        </button>
        <button
          type="button"
          className="button button--sm button--secondary"
          disabled={!live || busy}
          onClick={run(() => send('cache', 'PATCH', `Changed through the cache at ${formatTimeOfDay(new Date())}`))}
        >
          Change it through the cache
        </button>
        <button
          type="button"
          className="button button--sm button--secondary"
          disabled={!live || busy}
          onClick={run(() => send('direct', 'PATCH', `Changed at the origin at ${formatTimeOfDay(new Date())}`))}
        >
          Change it behind the cache&apos;s back
        </button>
      </div>
      <p
        className={styles.summary}
        aria-live="polite"
        data-testid="cache-summary"
        data-through={throughCache.length}
        data-reached={reached}
      >
        Through the cache: <strong>{throughCache.length}</strong> requests, <strong>{reached}</strong> reached the
        origin.
        {latest ? (
          <>
            {' '}
            Last: {latest.route === 'cache' ? 'through the cache' : 'direct'}, {latest.status}
            {latest.cacheStatus ? `, Cache-Status: ${latest.cacheStatus}` : ''}.
          </>
        ) : null}
      </p>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrolls sideways on a phone */}
      <div className={styles.scroll} tabIndex={0} role="region" aria-label="Requests, newest first">
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Route</th>
              <th scope="col">Status</th>
              <th scope="col">Title in the body</th>
              <th scope="col">Cache-Status</th>
              <th scope="col">Age</th>
              <th scope="col">Via</th>
              <th scope="col">Cache-Control</th>
              <th scope="col">ETag</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.n}
                data-route={row.route}
                data-cache-status={row.cacheStatus}
                className={clsx(row.reachedOrigin ? undefined : styles.hit)}
              >
                <td>{row.n}</td>
                <td>
                  <code>{row.request.split(' ')[0]}</code> {row.route === 'cache' ? 'via cache' : 'direct'}
                </td>
                <td>{row.status}</td>
                <td>{row.title}</td>
                <td>
                  <code>{row.cacheStatus || '—'}</code>
                </td>
                <td>{row.age || '—'}</td>
                <td>{row.via || '—'}</td>
                <td>
                  <code>{row.cacheControl}</code>
                </td>
                <td>
                  <code>{row.etag}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </DemoFrame>
  );
}
