import clsx from 'clsx';
import type {ReactNode} from 'react';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import styles from './styles.module.css';
import {useCacheLayerDemo} from './useCacheLayerDemo.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';

/** The demo server paths this demo talks to: its sandbox and note, straight and through the cache. */
const PATHS = [ENDPOINTS.viaCache, ENDPOINTS.api, ENDPOINTS.health];

/**
 * The same requests, sent straight to the API and through the shared cache
 * layer in front of it. The bodies are the same; the headers say what the
 * cache did (Cache-Status, Age, Via), and the counters say how many requests
 * the origin had to answer.
 */
export default function CacheLayerDemo(): ReactNode {
  const {connection, live, rows, throughCache, reached, failure, busy, read, change} = useRecordable(
    useCacheLayerDemo(),
    {paths: PATHS},
  );
  const latest = rows[0];

  return (
    <DemoFrame title="A cache in between" connection={connection}>
      <DemoAlert message={failure} />
      <div className={styles.actions}>
        <button
          type="button"
          className="button button--sm button--primary"
          disabled={!live || busy}
          onClick={() => read('cache')}
        >
          GET the note through the cache
        </button>
        <button
          type="button"
          className="button button--sm button--secondary"
          disabled={!live || busy}
          onClick={() => read('direct')}
        >
          GET it from the origin directly
        </button>
        <button
          type="button"
          className="button button--sm button--secondary"
          disabled={!live || busy}
          onClick={() => change('cache')}
        >
          Change it through the cache
        </button>
        <button
          type="button"
          className="button button--sm button--secondary"
          disabled={!live || busy}
          onClick={() => change('direct')}
        >
          Change it behind the cache&apos;s back
        </button>
      </div>
      <p
        className={styles.summary}
        aria-live="polite"
        data-testid="cache-summary"
        data-through={throughCache}
        data-reached={reached}
      >
        Through the cache: <strong>{throughCache}</strong> requests, <strong>{reached}</strong> reached the origin.
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
