/** What `fetch` gave the page: `redirected`, `url`, `status`, `type` and headers, or the bare TypeError. */
import type {ReactNode} from 'react';
import {pathOfUrl, type FetchView} from '../../../lib/redirects.ts';
import styles from '../styles.module.css';

type Fact = {term: ReactNode; value: ReactNode; testId: string};

export default function PageFacts({view}: {view: FetchView | null}): ReactNode {
  if (view === null) return <p className={styles.muted}>Waiting for fetch…</p>;
  const facts: Fact[] =
    view.outcome === 'rejected'
      ? [
          {term: 'The promise', value: <strong className={styles.bad}>rejected</strong>, testId: 'redirect-outcome'},
          {
            term: 'With',
            value: (
              <code>
                {view.name}: {view.message}
              </code>
            ),
            testId: 'redirect-error',
          },
        ]
      : [
          {term: 'The promise', value: <strong className={styles.good}>resolved</strong>, testId: 'redirect-outcome'},
          {term: <code>response.type</code>, value: <code>&quot;{view.type}&quot;</code>, testId: 'redirect-type'},
          {term: <code>response.status</code>, value: <code>{view.status}</code>, testId: 'redirect-status'},
          {
            term: <code>response.redirected</code>,
            value: <code>{String(view.redirected)}</code>,
            testId: 'redirect-redirected',
          },
          {
            term: <code>response.url</code>,
            value: <code>{view.url === '' ? '""' : pathOfUrl(view.url)}</code>,
            testId: 'redirect-url',
          },
          {
            term: 'Headers it can read',
            value: view.headers.length === 0 ? 'none' : view.headers.map(([name]) => name).join(', '),
            testId: 'redirect-headers',
          },
        ];
  return (
    <dl className={styles.facts} data-outcome={view.outcome}>
      {facts.map(({term, value, testId}) => (
        <div key={testId} className={styles.fact}>
          <dt>{term}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
