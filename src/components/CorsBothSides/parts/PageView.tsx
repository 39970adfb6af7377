/** What `fetch` gave the page: a Response as script may read it, or the bare TypeError of a network error. */
import type {ReactNode} from 'react';
import type {PageView as View} from '../../../lib/corsCases.ts';
import styles from '../styles.module.css';

type Fact = {term: ReactNode; value: ReactNode; testId?: string; name?: string};

function Facts({facts, outcome}: {facts: Fact[]; outcome: View['outcome']}): ReactNode {
  return (
    <dl className={styles.facts} data-outcome={outcome}>
      {facts.map(({term, value, testId, name}, index) => (
        // A fixed list per outcome: its place is its key.
        <div key={index} className={styles.fact}>
          <dt>{term}</dt>
          <dd data-testid={testId} data-name={name}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Scrolling({label, testId, children}: {label: string; testId: string; children: string}): ReactNode {
  return (
    <pre
      className={styles.wire}
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a long text scrolls: keyboard users focus it
      tabIndex={0}
      aria-label={label}
      data-testid={testId}
    >
      {children}
    </pre>
  );
}

export default function PageView({view}: {view: View | null}): ReactNode {
  return (
    <section className={styles.side} aria-label="What fetch gave the page" data-testid="cors-page">
      <h4 className={styles.sideTitle}>What fetch gave the page</h4>
      {view === null ? (
        <p className={styles.muted}>Waiting for fetch…</p>
      ) : view.outcome === 'rejected' ? (
        <Facts
          outcome="rejected"
          facts={[
            {term: 'The promise', value: <strong className={styles.bad}>rejected</strong>},
            {
              term: 'With',
              value: (
                <code>
                  {view.name}: {view.message}
                </code>
              ),
              testId: 'cors-page-error',
            },
            {
              term: 'Status, headers, body',
              value: 'None: a network error gives script no status, no headers and no reason.',
            },
          ]}
        />
      ) : (
        <>
          <Facts
            outcome="resolved"
            facts={[
              {term: 'The promise', value: <strong className={styles.good}>resolved</strong>},
              {term: <code>response.status</code>, value: view.status, testId: 'cors-page-status'},
              {term: <code>response.type</code>, value: `"${view.type}"`, testId: 'cors-page-type'},
              ...view.reads.map(({name, value}) => ({
                term: <code>headers.get(&apos;{name}&apos;)</code>,
                value: (
                  <code className={value === null ? styles.bad : undefined}>
                    {value === null ? 'null' : JSON.stringify(value)}
                  </code>
                ),
                testId: 'cors-page-read',
                name,
              })),
            ]}
          />
          <h5 className={styles.label}>Headers the page can read</h5>
          <Scrolling label="Headers the page can read" testId="cors-page-headers">
            {view.headers.map(([name, value]) => `${name}: ${value}`).join('\n')}
          </Scrolling>
          <h5 className={styles.label}>The body</h5>
          <Scrolling label="The body the page read" testId="cors-page-body">
            {view.body}
          </Scrolling>
        </>
      )}
    </section>
  );
}
